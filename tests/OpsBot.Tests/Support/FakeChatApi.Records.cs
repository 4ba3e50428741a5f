using System.Collections;
using System.Text.Json.Nodes;

namespace OpsBot.Tests.Support;

// What FakeChatApi hands out. Each is a copy taken under its lock, JSON included, so a test may keep or change it freely.

/// <param name="Platform">"slack", "discord", "pagerduty", or null for a path outside all three.</param>
/// <param name="Note">"injected" for a failure the test asked for; an exception's message if the fake itself broke.</param>
public sealed record FakeRequest(string? Platform, string Method, string Path, int Status, string? Note);

public sealed record FakeSlackRevision(string? Text, JsonNode? Blocks);

/// <param name="Revisions">The posted version first, then one per chat.update.</param>
public sealed record FakeSlackMessage(
    string Channel, string Ts, string? ThreadTs, bool ReplyBroadcast, JsonNode? Metadata, IReadOnlyList<FakeSlackRevision> Revisions)
{
    public string? Text => Revisions[^1].Text;
    public JsonNode? Blocks => Revisions[^1].Blocks;
    public int Edits => Revisions.Count - 1;
}

/// <param name="Path">The part after <see cref="FakeChatApi.SlackResponseUrlBase"/>, e.g. "commands/T1/2/abc".</param>
public sealed record FakeResponseUrlPost(string Path, JsonNode? Body);

public sealed record FakeDiscordRevision(string? Content, JsonNode? Embeds, JsonNode? Components);

/// <param name="ChannelId">A thread's id (which is its starter message's id) for messages posted in a thread.</param>
/// <param name="Revisions">The posted version first, then one per PATCH.</param>
public sealed record FakeDiscordMessage(
    string Id, string ChannelId, string? Nonce, JsonNode? AllowedMentions, int Flags, IReadOnlyList<FakeDiscordRevision> Revisions)
{
    public string? Content => Revisions[^1].Content;
    public JsonNode? Embeds => Revisions[^1].Embeds;
    public JsonNode? Components => Revisions[^1].Components;
    public int Edits => Revisions.Count - 1;
}

public sealed record FakeDiscordThread(string Id, string ParentChannelId, string Name);

/// <param name="Method">PATCH for an edit, POST for a new follow-up message.</param>
/// <param name="MessageId">"@original", a follow-up's id, or null for a new follow-up.</param>
public sealed record FakeInteractionFollowUp(string Method, string ApplicationId, string Token, string? MessageId, JsonNode? Body);

/// <param name="GuildId">Null for global commands.</param>
public sealed record FakeCommandRegistration(string ApplicationId, string? GuildId, JsonArray Commands);

public sealed record FakePagerDutyUpdate(string IncidentId, string Status, string From, JsonNode? Body);

/// <summary>A thread-safe set of channel ids; empty means "every channel exists", which most tests want.</summary>
public sealed class FakeChannelSet : IEnumerable<string>
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public void Add(string id)
    {
        lock (_gate) _ids.Add(id);
    }

    public bool Remove(string id)
    {
        lock (_gate) return _ids.Remove(id);
    }

    public void Clear()
    {
        lock (_gate) _ids.Clear();
    }

    public bool Accepts(string id)
    {
        lock (_gate) return _ids.Count == 0 || _ids.Contains(id);
    }

    public IEnumerator<string> GetEnumerator()
    {
        lock (_gate) return _ids.ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
