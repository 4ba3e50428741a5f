using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Chat;
using OpsBot.Notify.Cards;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>
/// With no chat platform configured, prints each notification as it would be posted (the alert's card included), so
/// `dotnet run` shows where alerts go, whom they call and what the message would say.
/// </summary>
public sealed class ConsoleSink(OpsBotDbContext db, AlertCardBuilder cards, ILogger<ConsoleSink> logger) : INotificationSink
{
    public string Name => "console";

    public async Task DeliverAsync(NotificationRow n, CancellationToken ct)
    {
        var alert = n.AlertId is { } id ? await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        var card = alert is null ? null : await cards.BuildAsync(alert, ct, withButtons: false);
        logger.LogInformation("{Message}", Render(n) + (card is null ? "" : "\n" + Render(card)));
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

    public static string Render(AlertCard card)
    {
        var text = new StringBuilder($"    {card.StateLine}\n    {card.Summary}\n");
        foreach (var field in card.Fields) text.Append($"    {field.Name}: {field.Value}\n");
        for (var i = 0; i < card.RunbookSteps.Count; i++) text.Append($"    {i + 1}. {card.RunbookSteps[i]}\n");
        foreach (var link in card.Links) text.Append($"    {link.Text ?? "link"}: {link.Href}\n");
        return text.ToString().TrimEnd();
    }
}
