CREATE TABLE "alert_routes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alert_routes" PRIMARY KEY AUTOINCREMENT,
    "AlertId" INTEGER NOT NULL,
    "DecidedAt" INTEGER NOT NULL,
    "Trigger" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Urgency" TEXT NOT NULL,
    "SilenceId" INTEGER NULL,
    "DecisionJson" TEXT NOT NULL
);


CREATE TABLE "alerts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alerts" PRIMARY KEY AUTOINCREMENT,
    "Version" INTEGER NOT NULL,
    "Fingerprint" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "AlertName" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "LabelsJson" TEXT NOT NULL,
    "AnnotationsJson" TEXT NOT NULL,
    "LinksJson" TEXT NOT NULL,
    "FirstSeen" INTEGER NOT NULL,
    "LastSeen" INTEGER NOT NULL,
    "EpisodeStartedAt" INTEGER NOT NULL,
    "AcknowledgedAt" INTEGER NULL,
    "ResolvedAt" INTEGER NULL,
    "DeliveryCount" INTEGER NOT NULL,
    "OccurrenceCount" INTEGER NOT NULL,
    "Flapping" INTEGER NOT NULL,
    "Team" TEXT NULL,
    "Urgency" TEXT NULL,
    "SilenceId" INTEGER NULL,
    "TransitionsJson" TEXT NOT NULL
);


CREATE TABLE "audit_log" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_log" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Platform" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Person" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Target" TEXT NULL,
    "Result" TEXT NOT NULL,
    "Detail" TEXT NULL
);


CREATE TABLE "chat_actions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_chat_actions" PRIMARY KEY,
    "AlertId" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);


CREATE TABLE "chat_deliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_chat_deliveries" PRIMARY KEY AUTOINCREMENT,
    "NotificationId" INTEGER NOT NULL,
    "Platform" TEXT NOT NULL,
    "ChannelId" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "LastError" TEXT NULL,
    "PostedMessageId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NULL
);


CREATE TABLE "chat_messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_chat_messages" PRIMARY KEY AUTOINCREMENT,
    "AlertId" INTEGER NOT NULL,
    "Platform" TEXT NOT NULL,
    "ChannelId" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "PostedAt" INTEGER NOT NULL,
    "EditedAt" INTEGER NULL
);


CREATE TABLE "diagnostic_runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_diagnostic_runs" PRIMARY KEY AUTOINCREMENT,
    "AlertId" INTEGER NOT NULL,
    "Handler" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Ok" INTEGER NOT NULL,
    "LooksWrong" INTEGER NOT NULL,
    "Output" TEXT NOT NULL,
    "At" INTEGER NOT NULL
);


CREATE TABLE "digest_items" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_digest_items" PRIMARY KEY AUTOINCREMENT,
    "Team" TEXT NOT NULL,
    "AlertId" INTEGER NOT NULL,
    "AddedAt" INTEGER NOT NULL,
    "DeliveredAt" INTEGER NULL
);


CREATE TABLE "fix_runs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_fix_runs" PRIMARY KEY AUTOINCREMENT,
    "AlertId" INTEGER NOT NULL,
    "Handler" TEXT NOT NULL,
    "Team" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Executor" TEXT NOT NULL,
    "Policy" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "ArgumentsJson" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "ApprovedBy" TEXT NULL,
    "Output" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "StartedAt" INTEGER NULL,
    "FinishedAt" INTEGER NULL
);


CREATE TABLE "heartbeats" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_heartbeats" PRIMARY KEY,
    "WatchedSince" INTEGER NOT NULL,
    "LastSeen" INTEGER NULL,
    "MissingSince" INTEGER NULL
);


CREATE TABLE "inbox" (
    "seq" INTEGER NOT NULL CONSTRAINT "PK_inbox" PRIMARY KEY AUTOINCREMENT,
    "event_id" TEXT NOT NULL,
    "accepted_at_ms" INTEGER NOT NULL,
    "payload" TEXT NOT NULL
);


CREATE TABLE "leases" (
    "name" TEXT NOT NULL CONSTRAINT "PK_leases" PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expires_at_ms" INTEGER NOT NULL
);


CREATE TABLE "notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY AUTOINCREMENT,
    "AlertId" INTEGER NULL,
    "Team" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "Channel" TEXT NOT NULL,
    "SlackChannel" TEXT NULL,
    "DiscordChannel" TEXT NULL,
    "MentionsJson" TEXT NOT NULL,
    "MentionChannel" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "AlertReceivedAt" INTEGER NULL,
    "DeliveredAt" INTEGER NULL
);


CREATE TABLE "outbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_outbox" PRIMARY KEY,
    "Type" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);


CREATE TABLE "seen_requests" (
    "key" TEXT NOT NULL CONSTRAINT "PK_seen_requests" PRIMARY KEY,
    "seen_at_ms" INTEGER NOT NULL
);


CREATE TABLE "silences" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_silences" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "MatchersJson" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NOT NULL,
    "Recurrence" TEXT NULL,
    "TimeZone" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "Comment" TEXT NOT NULL,
    "Team" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiredAt" INTEGER NULL,
    "AlertmanagerId" TEXT NULL,
    "AlertmanagerError" TEXT NULL,
    "AcknowledgedAlertId" INTEGER NULL
);


CREATE TABLE "timers" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_timers" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL
);


CREATE TABLE "webhook_deliveries" (
    "key" TEXT NOT NULL CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY,
    "received_at_ms" INTEGER NOT NULL
);


CREATE TABLE "alert_keys" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_alert_keys" PRIMARY KEY,
    "AlertId" INTEGER NOT NULL,
    "Source" TEXT NOT NULL,
    CONSTRAINT "FK_alert_keys_alerts_AlertId" FOREIGN KEY ("AlertId") REFERENCES "alerts" ("Id") ON DELETE CASCADE
);


CREATE TABLE "alert_occurrences" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_alert_occurrences" PRIMARY KEY AUTOINCREMENT,
    "EventId" TEXT NOT NULL,
    "AlertId" INTEGER NULL,
    "Fingerprint" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Signal" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "ReceivedAt" INTEGER NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NULL,
    "Note" TEXT NULL,
    CONSTRAINT "FK_alert_occurrences_alerts_AlertId" FOREIGN KEY ("AlertId") REFERENCES "alerts" ("Id")
);


CREATE INDEX "IX_alert_keys_AlertId" ON "alert_keys" ("AlertId");


CREATE INDEX "IX_alert_occurrences_AlertId_ReceivedAt" ON "alert_occurrences" ("AlertId", "ReceivedAt");


CREATE UNIQUE INDEX "IX_alert_occurrences_EventId" ON "alert_occurrences" ("EventId");


CREATE INDEX "IX_alert_occurrences_ReceivedAt" ON "alert_occurrences" ("ReceivedAt");


CREATE INDEX "IX_alert_routes_AlertId" ON "alert_routes" ("AlertId");


CREATE UNIQUE INDEX "IX_alerts_Fingerprint" ON "alerts" ("Fingerprint");


CREATE INDEX "IX_alerts_SilenceId" ON "alerts" ("SilenceId");


CREATE INDEX "IX_alerts_Status_LastSeen" ON "alerts" ("Status", "LastSeen");


CREATE INDEX "IX_audit_log_At" ON "audit_log" ("At");


CREATE UNIQUE INDEX "IX_chat_actions_AlertId_Action" ON "chat_actions" ("AlertId", "Action");


CREATE UNIQUE INDEX "IX_chat_deliveries_NotificationId_Platform" ON "chat_deliveries" ("NotificationId", "Platform");


CREATE INDEX "IX_chat_deliveries_Platform_State_Id" ON "chat_deliveries" ("Platform", "State", "Id");


CREATE UNIQUE INDEX "IX_chat_messages_AlertId_Platform_ChannelId" ON "chat_messages" ("AlertId", "Platform", "ChannelId");


CREATE INDEX "IX_diagnostic_runs_AlertId" ON "diagnostic_runs" ("AlertId");


CREATE INDEX "IX_digest_items_Team_DeliveredAt" ON "digest_items" ("Team", "DeliveredAt");


CREATE INDEX "IX_fix_runs_AlertId" ON "fix_runs" ("AlertId");


CREATE INDEX "IX_fix_runs_Handler_CreatedAt" ON "fix_runs" ("Handler", "CreatedAt");


CREATE UNIQUE INDEX "IX_inbox_event_id" ON "inbox" ("event_id");


CREATE INDEX "IX_notifications_AlertId" ON "notifications" ("AlertId");


CREATE INDEX "IX_notifications_DeliveredAt" ON "notifications" ("DeliveredAt");


CREATE INDEX "IX_outbox_CreatedAt" ON "outbox" ("CreatedAt");


CREATE INDEX "IX_seen_requests_seen_at_ms" ON "seen_requests" ("seen_at_ms");


CREATE INDEX "IX_silences_ExpiredAt" ON "silences" ("ExpiredAt");


CREATE INDEX "IX_timers_DueAt" ON "timers" ("DueAt");



