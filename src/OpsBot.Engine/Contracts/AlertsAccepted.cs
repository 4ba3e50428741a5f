namespace OpsBot.Contracts;

/// <summary>
/// The bus message ingest sends to the first stage: accepted alerts, in the order they were accepted, carried together
/// so one bus hop and one dedupe transaction serve many alerts.
/// </summary>
public sealed record AlertsAccepted(List<AlertReceived> Alerts);
