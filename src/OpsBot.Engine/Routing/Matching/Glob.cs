namespace OpsBot.Routing.Matching;

/// <summary>
/// Case-insensitive, anchored host globs: <c>*</c> any run of characters (also none), <c>?</c> exactly one.
/// Matched by hand rather than via Regex: no escaping of dots in host names, and the time stays linear-ish.
/// </summary>
internal static class Glob
{
    public static bool IsPattern(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0;
        // Where the last * was and how much of the text it has taken; a mismatch retries with it taking one more.
        int star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || SameIgnoringCase(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool SameIgnoringCase(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
