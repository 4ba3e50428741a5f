using System.Net;

namespace OpsBot.Diagnostics;

/// <summary>
/// Prometheus could not be reached, did not answer in time, refused the query, or answered with something unreadable.
/// <see cref="ErrorType"/> is Prometheus's own (bad_data for a query it cannot parse, timeout, execution), so a
/// caller can tell a broken handler query from an outage.
/// </summary>
public sealed class PrometheusUnavailableException : Exception
{
    public PrometheusUnavailableException(string message, HttpStatusCode? statusCode = null, string? errorType = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    public HttpStatusCode? StatusCode { get; }
    public string? ErrorType { get; }
}
