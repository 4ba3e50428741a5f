using System.Text;
using Microsoft.Extensions.Logging;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>Prints each notification as it would be posted, so `dotnet run` shows where alerts go and whom they call.</summary>
public sealed class ConsoleSink(ILogger<ConsoleSink> logger) : INotificationSink
{
    public string Name => "console";

    public Task DeliverAsync(NotificationRow n, CancellationToken ct)
    {
        logger.LogInformation("{Message}", Render(n));
        return Task.CompletedTask;
    }

    public static string Render(NotificationRow n)
    {
        var mentions = Notifications.Mentions(n.MentionsJson).Select(m => "@" + m.Id).ToList();
        if (n.MentionChannel) mentions.Insert(0, "@here");
        var where = new StringBuilder($"#{n.Channel}");
        if (n.SlackChannel is not null) where.Append($" slack:{n.SlackChannel}");
        if (n.DiscordChannel is not null) where.Append($" discord:{n.DiscordChannel}");
        var level = n.Level > 0 ? $" level {n.Level}" : "";
        return $"[{n.Kind}{level}] to {n.Team} {where}{(mentions.Count > 0 ? " " + string.Join(" ", mentions) : "")}: {n.Title} | {n.Text.ReplaceLineEndings(" | ")}";
    }
}
