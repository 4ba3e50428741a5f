using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OpsBot.Storage;

/// <summary>
/// One model for both providers. Each provider has its own context type only so that its migrations
/// (<c>Storage/Migrations/&lt;provider&gt;</c>) are told apart; everything else asks for this type.
/// </summary>
public class OpsBotDbContext : DbContext
{
    public OpsBotDbContext(DbContextOptions<OpsBotDbContext> options) : base(options)
    {
    }

    protected OpsBotDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<AlertStateRow> Alerts => Set<AlertStateRow>();
    public DbSet<AlertOccurrenceRow> Occurrences => Set<AlertOccurrenceRow>();
    public DbSet<AlertKeyRow> AlertKeys => Set<AlertKeyRow>();
    public DbSet<InboxRow> Inbox => Set<InboxRow>();
    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();
    public DbSet<RouteRow> Routes => Set<RouteRow>();
    public DbSet<DigestItemRow> DigestItems => Set<DigestItemRow>();
    public DbSet<NotificationRow> Notifications => Set<NotificationRow>();
    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();
    public DbSet<TimerRow> Timers => Set<TimerRow>();
    public DbSet<SilenceRow> Silences => Set<SilenceRow>();
    public DbSet<HeartbeatRow> Heartbeats => Set<HeartbeatRow>();
    public DbSet<ChatMessageRow> ChatMessages => Set<ChatMessageRow>();
    public DbSet<ChatDeliveryRow> ChatDeliveries => Set<ChatDeliveryRow>();
    public DbSet<ChatActionRow> ChatActions => Set<ChatActionRow>();
    public DbSet<AuditRow> Audit => Set<AuditRow>();
    public DbSet<FixRunRow> FixRuns => Set<FixRunRow>();
    public DbSet<DiagnosticRunRow> DiagnosticRuns => Set<DiagnosticRunRow>();
    public DbSet<LeaseRow> Leases => Set<LeaseRow>();
    public DbSet<SeenRequestRow> SeenRequests => Set<SeenRequestRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Unix milliseconds: ordered and comparable in SQL on both SQLite and PostgreSQL.
        builder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<AlertStateRow>(e =>
        {
            e.ToTable("alerts");
            e.HasIndex(a => a.Fingerprint).IsUnique();
            e.HasIndex(a => new { a.Status, a.LastSeen });
            e.HasIndex(a => a.SilenceId);
            e.Property(a => a.Status).HasConversion<string>();
            e.Property(a => a.Source).HasConversion<string>();
            e.Property(a => a.Severity).HasConversion<string>();
            e.Property(a => a.Version).IsConcurrencyToken();
        });
        model.Entity<AlertOccurrenceRow>(e =>
        {
            e.ToTable("alert_occurrences");
            e.HasIndex(o => o.EventId).IsUnique();
            e.HasIndex(o => new { o.AlertId, o.ReceivedAt });
            e.HasIndex(o => o.ReceivedAt);
            e.Property(o => o.Source).HasConversion<string>();
            e.Property(o => o.Signal).HasConversion<string>();
            e.Property(o => o.Severity).HasConversion<string>();
        });
        model.Entity<AlertKeyRow>(e =>
        {
            e.ToTable("alert_keys");
            e.HasKey(k => k.Key);
            e.HasIndex(k => k.AlertId);
            e.Property(k => k.Source).HasConversion<string>();
        });
        model.Entity<InboxRow>(e =>
        {
            e.ToTable("inbox");
            e.HasKey(i => i.Seq);
            e.Property(i => i.Seq).HasColumnName("seq");
            e.Property(i => i.EventId).HasColumnName("event_id");
            e.Property(i => i.AcceptedAtMs).HasColumnName("accepted_at_ms");
            e.Property(i => i.Payload).HasColumnName("payload");
            e.HasIndex(i => i.EventId).IsUnique();
        });
        model.Entity<WebhookDeliveryRow>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(d => d.Key);
            e.Property(d => d.Key).HasColumnName("key");
            e.Property(d => d.ReceivedAtMs).HasColumnName("received_at_ms");
        });
        OnPipelineModelCreating(model);
    }

    private static void OnPipelineModelCreating(ModelBuilder model)
    {
        model.Entity<RouteRow>(e =>
        {
            e.ToTable("alert_routes");
            e.HasIndex(r => r.AlertId);
        });
        model.Entity<DigestItemRow>(e =>
        {
            e.ToTable("digest_items");
            e.HasIndex(d => new { d.Team, d.DeliveredAt });
        });
        model.Entity<NotificationRow>(e =>
        {
            e.ToTable("notifications");
            e.HasIndex(n => n.AlertId);
            e.HasIndex(n => n.DeliveredAt);
        });
        model.Entity<OutboxRow>(e =>
        {
            e.ToTable("outbox");
            e.HasIndex(o => o.CreatedAt);
        });
        model.Entity<TimerRow>(e =>
        {
            e.ToTable("timers");
            e.HasKey(t => t.Key);
            e.HasIndex(t => t.DueAt);
        });
        model.Entity<SilenceRow>(e =>
        {
            e.ToTable("silences");
            e.HasIndex(s => s.ExpiredAt);
        });
        model.Entity<HeartbeatRow>(e =>
        {
            e.ToTable("heartbeats");
            e.HasKey(h => h.Name);
        });
        OnChatModelCreating(model);
    }

    private static void OnChatModelCreating(ModelBuilder model)
    {
        model.Entity<ChatMessageRow>(e =>
        {
            e.ToTable("chat_messages");
            e.HasIndex(m => new { m.AlertId, m.Platform, m.ChannelId }).IsUnique();
        });
        model.Entity<ChatDeliveryRow>(e =>
        {
            e.ToTable("chat_deliveries");
            e.HasIndex(d => new { d.NotificationId, d.Platform }).IsUnique();
            e.HasIndex(d => new { d.Platform, d.State, d.Id });
            e.Property(d => d.State).HasConversion<string>();
        });
        model.Entity<ChatActionRow>(e =>
        {
            e.ToTable("chat_actions");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.AlertId, a.Action }).IsUnique();
        });
        model.Entity<AuditRow>(e =>
        {
            e.ToTable("audit_log");
            e.HasIndex(a => a.At);
        });
        model.Entity<FixRunRow>(e =>
        {
            e.ToTable("fix_runs");
            e.HasIndex(f => f.AlertId);
            e.HasIndex(f => new { f.Handler, f.CreatedAt });
            // Two replicas approving or starting one run at once: the second update finds the state changed and fails.
            e.Property(f => f.State).HasConversion<string>().IsConcurrencyToken();
        });
        model.Entity<DiagnosticRunRow>(e =>
        {
            e.ToTable("diagnostic_runs");
            e.HasIndex(d => d.AlertId);
        });
        // Written with raw upserts (Leases, ReplayGuard), hence plain column names.
        model.Entity<LeaseRow>(e =>
        {
            e.ToTable("leases");
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasColumnName("name");
            e.Property(l => l.Holder).HasColumnName("holder");
            e.Property(l => l.ExpiresAt).HasColumnName("expires_at_ms");
        });
        model.Entity<SeenRequestRow>(e =>
        {
            e.ToTable("seen_requests");
            e.HasKey(r => r.Key);
            e.Property(r => r.Key).HasColumnName("key");
            e.Property(r => r.SeenAt).HasColumnName("seen_at_ms");
            e.HasIndex(r => r.SeenAt);
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpAlertVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpAlertVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Replicas may change one alert at the same moment (a stage on one, a timer on another). The version makes the
    /// later commit fail instead of silently overwriting the earlier one; the stage or timer then runs again on fresh state.
    /// </summary>
    private void BumpAlertVersions()
    {
        foreach (var entry in ChangeTracker.Entries<AlertStateRow>())
            if (entry.State == EntityState.Modified) entry.Entity.Version++;
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
