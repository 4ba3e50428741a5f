using System.Net;

namespace OpsBot.Silences.Alertmanager;

/// <summary>
/// Alertmanager could not be reached, did not answer in time, or answered with an error or an unreadable body.
/// <see cref="StatusCode"/> is set when it answered, so a caller can tell a rejected silence (4xx) from an outage.
/// </summary>
public sealed class AlertmanagerUnavailableException : Exception
{
    public AlertmanagerUnavailableException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public HttpStatusCode? StatusCode { get; }
}
