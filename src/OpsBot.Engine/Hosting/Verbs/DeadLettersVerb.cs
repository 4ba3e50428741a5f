using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpsBot.Bus;
using RabbitMQ.Client.Exceptions;

namespace OpsBot.Hosting.Verbs;

/// <summary>
/// dead-letters [list]: the messages in the _error and _skipped queue of every OpsBot queue on RabbitMQ.
/// dead-letters show &lt;queue&gt; [--limit N]: the first N (10) messages of &lt;queue&gt;_error with their fault, left in place.
/// dead-letters replay &lt;queue&gt; [--limit N]: moves the messages of &lt;queue&gt;_error (all, or the first N) back to &lt;queue&gt;;
/// safe, as every stage claims its input in its own transaction and dedupe skips events it already committed.
/// Exit 0, or 1 with the reason on the error output.
/// </summary>
public static class DeadLettersVerb
{
    public const string Usage = "usage: dead-letters [list] | dead-letters show <queue> [--limit N] | dead-letters replay <queue> [--limit N]";

    private const int DefaultShowLimit = 10;

    private sealed record Command(string Action, string? Queue, int? Limit);

    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter error)
    {
        if (Parse(args, out var problem) is not { } command) return Fail(error, problem);

        var options = BusSetup.Read(configuration);
        if (VerbOptions.Problems(options) is { Count: > 0 } problems) return Fail(error, string.Join("; ", problems));
        if (options.Kind != BusTransport.RabbitMq)
            return Fail(error, $"Bus:Transport is {options.Transport}: only RabbitMQ keeps dead-lettered messages (set Bus:Transport=RabbitMq and Bus:RabbitMq:Host)");

        var rabbit = options.RabbitMq;
        try
        {
            // Off the caller's synchronization context: the verb blocks on the broker's answers.
            return Task.Run(() => RunAsync(rabbit, command, output, error)).GetAwaiter().GetResult();
        }
        catch (BrokerUnreachableException e)
        {
            return Fail(error, $"cannot reach RabbitMQ at {rabbit.Host}:{rabbit.Port} (virtual host '{rabbit.VirtualHost}'): {Reason(e)}");
        }
        catch (Exception e) when (e is RabbitMQClientException or IOException or TimeoutException)
        {
            return Fail(error, $"RabbitMQ at {rabbit.Host}:{rabbit.Port} (virtual host '{rabbit.VirtualHost}') failed: {Reason(e)}");
        }
    }

    private static async Task<int> RunAsync(RabbitMqOptions rabbit, Command command, TextWriter output, TextWriter error)
    {
        await using var queues = await DeadLetterQueues.ConnectAsync(rabbit);
        switch (command.Action)
        {
            case "list":
                await ListAsync(queues, output);
                return 0;
            case "show":
                return await ShowAsync(queues, command.Queue!, command.Limit ?? DefaultShowLimit, output);
            default:
                return await ReplayAsync(queues, command.Queue!, command.Limit ?? int.MaxValue, output, error);
        }
    }

    private static async Task ListAsync(DeadLetterQueues queues, TextWriter output)
    {
        var width = DeadLetterQueues.Queues.Max(q => q.Length) + 2;
        output.WriteLine($"{"queue".PadRight(width)}{"error",8}{"skipped",10}");
        foreach (var queue in DeadLetterQueues.Queues)
        {
            var errors = await queues.CountAsync(queue + DeadLetterQueues.ErrorSuffix) ?? 0;
            var skipped = await queues.CountAsync(queue + DeadLetterQueues.SkippedSuffix) ?? 0;
            output.WriteLine($"{queue.PadRight(width)}{errors,8}{skipped,10}");
        }
    }

    private static async Task<int> ShowAsync(DeadLetterQueues queues, string queue, int limit, TextWriter output)
    {
        var errorQueue = queue + DeadLetterQueues.ErrorSuffix;
        var count = await queues.CountAsync(errorQueue);
        if (count is null or 0)
        {
            output.WriteLine($"dead-letters: {errorQueue} is empty{(count is null ? " (it does not exist)" : "")}");
            return 0;
        }
        var letters = await queues.PeekAsync(errorQueue, limit);
        output.WriteLine($"dead-letters: {errorQueue} holds {count} message(s); the first {letters.Count}, left in the queue:");
        var number = 0;
        foreach (var letter in letters)
        {
            output.WriteLine();
            output.WriteLine($"#{++number} message id {letter.MessageId}");
            output.WriteLine($"  type: {letter.MessageType}");
            foreach (var (name, value) in letter.FaultHeaders) output.WriteLine($"  {name}: {value}");
            output.WriteLine($"  body: {letter.Body}");
        }
        return 0;
    }

    private static async Task<int> ReplayAsync(DeadLetterQueues queues, string queue, int limit, TextWriter output, TextWriter error)
    {
        var errorQueue = queue + DeadLetterQueues.ErrorSuffix;
        // The default exchange drops nothing silently here (the publish is mandatory), but a missing queue is named up front.
        if (await queues.CountAsync(queue) is null)
            return Fail(error, $"queue {queue} does not exist on this broker: start OpsBot once so that it declares its queues, then replay");
        var moved = await queues.MoveAsync(errorQueue, queue, limit);
        var left = await queues.CountAsync(errorQueue) ?? 0;
        output.WriteLine($"dead-letters: moved {moved} message(s) from {errorQueue} to {queue}; {left} left in {errorQueue}");
        return 0;
    }

    private static Command? Parse(string[] args, out string problem)
    {
        problem = "";
        var rest = args.Length > 0 && args[0] == "dead-letters" ? args[1..] : args;
        var action = rest.Length == 0 ? "list" : rest[0];
        if (action == "list")
        {
            if (rest.Length > 1) problem = $"list takes no arguments; {Usage}";
            return problem == "" ? new Command(action, null, null) : null;
        }
        if (action is not ("show" or "replay"))
        {
            problem = $"unknown command '{action}'; {Usage}";
            return null;
        }
        if (rest.Length < 2 || rest[1].StartsWith("--", StringComparison.Ordinal))
        {
            problem = $"{action} needs a queue, one of {string.Join(", ", DeadLetterQueues.Queues)}; {Usage}";
            return null;
        }
        var queue = rest[1];
        if (!DeadLetterQueues.Queues.Contains(queue))
        {
            problem = $"'{queue}' is not an OpsBot queue; give one of {string.Join(", ", DeadLetterQueues.Queues)} (without {DeadLetterQueues.ErrorSuffix})";
            return null;
        }
        int? limit = null;
        for (var i = 2; i < rest.Length; i++)
        {
            if (rest[i] == "--limit" && i + 1 < rest.Length
                && int.TryParse(rest[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
                limit = n;
            else
            {
                problem = $"cannot read '{rest[i]}' (--limit takes a whole number above 0); {Usage}";
                return null;
            }
        }
        return new Command(action, queue, limit);
    }

    private static string Reason(Exception e)
    {
        var reasons = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (!reasons.Contains(inner.Message)) reasons.Add(inner.Message);
        return string.Join(": ", reasons);
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"dead-letters: {message}");
        return 1;
    }
}
