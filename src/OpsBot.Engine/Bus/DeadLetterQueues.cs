using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OpsBot.Bus;

/// <summary>One message of an _error queue as the dead-letters verb shows it.</summary>
public sealed record DeadLetter(string MessageId, string MessageType, IReadOnlyList<KeyValuePair<string, string>> FaultHeaders, string Body);

/// <summary>
/// The dead-letter queues MassTransit keeps beside every OpsBot queue on RabbitMQ: &lt;queue&gt;_error holds messages that
/// still failed after their retries, &lt;queue&gt;_skipped those no consumer took. Counts them, reads them without taking
/// them, and moves them back to their queue (publisher confirms, the original acked only after the confirm).
/// </summary>
public sealed class DeadLetterQueues : IAsyncDisposable
{
    public const string ErrorSuffix = "_error";
    public const string SkippedSuffix = "_skipped";

    /// <summary>The receive endpoints of the pipeline, whose dead letters may be shown and replayed.</summary>
    public static readonly IReadOnlyList<string> Queues = ["opsbot-dedupe", "opsbot-route", "opsbot-notify", "opsbot-enrich", "opsbot-remediate"];

    /// <summary>The headers MassTransit adds when it moves a message to an _error queue; a replay drops them.</summary>
    public static bool IsFaultHeader(string name) =>
        name.StartsWith("MT-Fault-", StringComparison.Ordinal) || name == "MT-Reason";

    private static readonly string[] ShownHeaders =
        ["MT-Reason", "MT-Fault-ExceptionType", "MT-Fault-Message", "MT-Fault-Timestamp", "MT-Fault-MessageType", "MT-Fault-ConsumerType", "MT-Fault-RetryCount"];

    private const int BodyChars = 500;
    private readonly IConnection _connection;

    private DeadLetterQueues(IConnection connection) => _connection = connection;

    public static async Task<DeadLetterQueues> ConnectAsync(RabbitMqOptions options, CancellationToken cancellationToken = default)
    {
        var factory = new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            UserName = options.Username,
            Password = options.Password,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "opsbot dead-letters",
        };
        return new DeadLetterQueues(await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The messages ready in <paramref name="queue"/>, or null when it does not exist (passive declare).</summary>
    public async Task<uint?> CountAsync(string queue, CancellationToken cancellationToken = default)
    {
        // A passive declare of a missing queue closes its channel (404), so every look-up gets a channel of its own.
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }

    /// <summary>Up to <paramref name="limit"/> messages from the head of <paramref name="queue"/>, all left in it.</summary>
    public async Task<IReadOnlyList<DeadLetter>> PeekAsync(string queue, int limit, CancellationToken cancellationToken = default)
    {
        var letters = new List<DeadLetter>();
        // Nothing is acked: closing the channel hands every message taken back to the queue, in its place.
        // (A close rather than a nack/requeue, which quorum queues count towards their delivery limit.)
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        while (letters.Count < limit && await channel.BasicGetAsync(queue, autoAck: false, cancellationToken).ConfigureAwait(false) is { } message)
            letters.Add(Describe(message));
        await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
        return letters;
    }

    /// <summary>
    /// Moves up to <paramref name="limit"/> messages from <paramref name="from"/> to <paramref name="to"/> through the default
    /// exchange and returns how many moved. Body and properties are kept, the fault headers dropped. The publish is
    /// mandatory and waits for the broker's confirm before the original is acked, so a failure leaves the message where it was
    /// (or, at worst, in both queues: every stage is safe to run twice). Only the messages there at the start are moved,
    /// so a message that fails again at once is not replayed in a loop.
    /// </summary>
    public async Task<int> MoveAsync(string from, string to, int limit, CancellationToken cancellationToken = default)
    {
        var waiting = await CountAsync(from, cancellationToken).ConfigureAwait(false) ?? 0;
        var todo = (int)Math.Min(waiting, (uint)limit);
        var moved = 0;
        await using var channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken).ConfigureAwait(false);
        while (moved < todo && await channel.BasicGetAsync(from, autoAck: false, cancellationToken).ConfigureAwait(false) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            if (message.BasicProperties.Headers is { } headers)
                properties.Headers = headers.Where(h => !IsFaultHeader(h.Key)).ToDictionary(h => h.Key, h => h.Value);
            // With confirmation tracking this returns once the broker confirmed, and throws on a nack or a return.
            await channel.BasicPublishAsync("", to, mandatory: true, properties, message.Body.ToArray(), cancellationToken).ConfigureAwait(false);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken).ConfigureAwait(false);
            moved++;
        }
        await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException)
        {
            // The broker went away: nothing is left to close.
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static DeadLetter Describe(BasicGetResult message)
    {
        var properties = message.BasicProperties;
        var headers = properties.Headers ?? new Dictionary<string, object?>();
        var body = Encoding.UTF8.GetString(message.Body.Span);
        var (envelopeId, envelopeType) = ReadEnvelope(body);
        var messageType = envelopeType
            ?? (headers.TryGetValue("MT-MessageType", out var typeHeader) ? Text(typeHeader) : null)
            ?? properties.Type ?? "(unknown)";
        var faults = ShownHeaders.Where(headers.ContainsKey).Select(name => KeyValuePair.Create(name, Text(headers[name])));
        return new DeadLetter(properties.MessageId ?? envelopeId ?? "(none)", messageType, [.. faults],
            body.Length > BodyChars ? body[..BodyChars] + "…" : body);
    }

    /// <summary>messageId and messageType of a MassTransit JSON envelope; nulls for any other body.</summary>
    private static (string? Id, string? Type) ReadEnvelope(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            var root = document.RootElement;
            var id = root.TryGetProperty("messageId", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var type = root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
                ? string.Join(", ", types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()))
                : null;
            return (id, string.IsNullOrEmpty(type) ? null : type);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>A header value as text: AMQP strings arrive as UTF-8 bytes.</summary>
    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IEnumerable<object?> list => string.Join(", ", list.Select(Text)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
