namespace OpsBot.Routing.Time;

/// <summary>How often an on-call rotation hands over to the next member.</summary>
public enum HandoverEvery
{
    Day,
    Week,
}
