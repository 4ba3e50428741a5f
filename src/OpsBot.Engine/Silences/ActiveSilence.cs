using OpsBot.Storage;

namespace OpsBot.Silences;

/// <param name="Until">When this silence stops applying: its end, or the end of the current occurrence of a recurring window.</param>
public sealed record ActiveSilence(SilenceRow Silence, DateTimeOffset Until);
