namespace Supervision.Core.Data.Postgres;

/// <summary>
/// What the PostgreSQL schema has beyond the model: the counterparts of what the SQLite migrations create by hand.
/// The first PostgreSQL migration applies <see cref="Create"/>; keep that line when the migration set is ever squashed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Search (SQLite: FTS5 trigram tables): pg_trgm GIN indexes over the same texts, one expression per table with
/// the fields joined by a line break — search terms never contain whitespace, so a match cannot span two fields, as
/// it cannot in FTS5. <c>ILIKE</c> answers every term length from the same index (terms under three characters scan).</item>
/// <item>The append-only record (SQLite: BEFORE UPDATE/DELETE triggers): the same refusals, plus TRUNCATE, which
/// PostgreSQL has and row triggers do not see (<see cref="AuditTrail.PostgresAuditSchema"/>, which also checks and restores them).</item>
/// <item>The change feed: every committed audit event is announced with <c>NOTIFY</c> from the transaction that
/// wrote it, so every web node hears about it exactly when it is committed, whoever wrote it.</item>
/// </list>
/// </remarks>
public static class PostgresSchema
{
    /// <summary>The channel committed audit events are announced on.</summary>
    public const string ChangeChannel = "supervision_changes";

    /// <summary>The searchable text of a task (编号, 名称, 内容, 目标), as indexed.</summary>
    public const string TaskSearchText = """("Number" || E'\n' || "Title" || E'\n' || "Content" || E'\n' || coalesce("Target", ''))""";

    /// <summary>The searchable text of a report revision (进展, 问题, 措施), as indexed.</summary>
    public const string ReportSearchText = """("Progress" || E'\n' || coalesce("Problems", '') || E'\n' || coalesce("NextSteps", ''))""";

    /// <summary>The statements, in order (the pg_trgm extension itself comes from the model).</summary>
    public static readonly string[] Create =
    [
        $"""CREATE INDEX "IX_Tasks_SearchText" ON "Tasks" USING gin ({TaskSearchText} gin_trgm_ops);""",
        $"""CREATE INDEX "IX_ReportRevisions_SearchText" ON "ReportRevisions" USING gin ({ReportSearchText} gin_trgm_ops);""",
        // The append-only record: the statements the start-up check puts back when they are missing.
        AuditTrail.PostgresAuditSchema.FunctionSql,
        .. AuditTrail.PostgresAuditSchema.Triggers.Values,
        // The payload stays far below NOTIFY's 8000 bytes: id, action, task and the time in microseconds since 1970.
        $$"""
        CREATE FUNCTION supervision_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{{ChangeChannel}}', json_build_object(
                'id', NEW."Id", 'action', NEW."Action", 'task', NEW."TaskId",
                'at', (extract(epoch FROM NEW."OccurredAt") * 1000000)::bigint)::text);
            RETURN NULL;
        END
        $$;
        """,
        """
        CREATE TRIGGER "AuditEvents_announce" AFTER INSERT ON "AuditEvents"
            FOR EACH ROW EXECUTE FUNCTION supervision_announce_change();
        """,
    ];

    /// <summary>The reverse of <see cref="Create"/>, for the migration's Down.</summary>
    public static readonly string[] Drop =
    [
        """DROP TRIGGER IF EXISTS "AuditEvents_announce" ON "AuditEvents";""",
        "DROP FUNCTION IF EXISTS supervision_announce_change();",
        """DROP TRIGGER IF EXISTS "AuditEvents_no_truncate" ON "AuditEvents";""",
        """DROP TRIGGER IF EXISTS "AuditEvents_no_delete" ON "AuditEvents";""",
        """DROP TRIGGER IF EXISTS "AuditEvents_no_update" ON "AuditEvents";""",
        "DROP FUNCTION IF EXISTS supervision_audit_append_only();",
        """DROP INDEX IF EXISTS "IX_ReportRevisions_SearchText";""",
        """DROP INDEX IF EXISTS "IX_Tasks_SearchText";""",
    ];
}
