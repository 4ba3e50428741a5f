using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// One parsed "&lt;days&gt; &lt;HH:mm&gt;-&lt;HH:mm&gt;" spec. Times are minutes after the start day's midnight, so an end past
/// midnight is simply larger than 1440 and 24:00 is 1440; <see cref="EndMinute"/> is always after <see cref="StartMinute"/>
/// and at most one day later.
/// </summary>
internal sealed record DayTimeSpec(IReadOnlyList<IsoDayOfWeek> Days, int StartMinute, int EndMinute);
