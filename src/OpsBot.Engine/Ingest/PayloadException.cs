namespace OpsBot.Ingest;

/// <summary>A body that parsed as JSON but is not a valid payload for its endpoint; answered with 400 and the field named.</summary>
public sealed class PayloadException(string message) : Exception(message);
