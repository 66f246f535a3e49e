using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Supervision.Core.Audit;
using Supervision.Core.Data.AuditTrail;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;

namespace Supervision.Tests.Audit;

public sealed class AuditChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Every_change_is_appended_to_one_unbroken_chain()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync();
        await w.Chain.ReturnAsync(w.Inspector, id, version, "补充数据", Ct);

        var result = await w.Audit.VerifyAsync(Ct);

        Assert.True(result.Intact, result.Describe());
        await using var db = w.Db.CreateDbContext();
        var events = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal(events.Count, result.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, events[0].PreviousHash);
        Assert.All(events.Skip(1).Zip(events), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Contains(events, e => e.Action == "report.returned");
        Assert.Equal(events[^1].Hash, result.HeadHash);
    }

    [DatabaseFact]
    public async Task The_database_refuses_to_update_or_delete_an_event()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await using var connection = await w.Db.OpenConnectionAsync();

        var update = await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(connection, """UPDATE "AuditEvents" SET "Summary" = '篡改' WHERE "Sequence" = 1"""));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(connection, """DELETE FROM "AuditEvents" WHERE "Sequence" = 1"""));

        Assert.Contains("审计记录只能追加，不能修改", update.Message);
        Assert.Contains("审计记录只能追加，不能删除", delete.Message);
        if (w.Db.Provider == DatabaseProvider.Postgres)
        {
            // PostgreSQL can also empty a table without deleting row by row.
            var truncate = await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(connection, """TRUNCATE "AuditEvents" """));
            Assert.Contains("审计记录只能追加，不能删除", truncate.Message);
        }

        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task An_edited_event_is_found_at_its_place_even_with_the_triggers_dropped()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, """UPDATE "AuditEvents" SET "ActorName" = '他人' WHERE "Sequence" = 3""");

        var result = await w.Audit.VerifyAsync(Ct);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBroken!.Sequence);
        Assert.StartsWith("审计记录已被篡改：第3条", result.Describe());
        Assert.Contains("内容与其哈希不符", result.FirstBroken.Reason);
    }

    [DatabaseFact]
    public async Task An_event_overwritten_with_a_value_the_record_never_writes_is_named_not_a_crash()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, Tampering.UnreadableValue(w.Db, 5));

        var result = await w.Audit.VerifyAsync(Ct);

        Assert.False(result.Intact);
        Assert.Equal(5, result.FirstBroken!.Sequence);
        Assert.NotNull(result.FirstBroken.EventId);
        Assert.Contains("无法读取", result.FirstBroken.Reason);
        Assert.StartsWith("审计记录已被篡改：第5条（记录号", result.Describe());
    }

    [DatabaseFact]
    public async Task A_deleted_event_is_found()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoDelete, """DELETE FROM "AuditEvents" WHERE "Sequence" = 4""");

        var result = await w.Audit.VerifyAsync(Ct);

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBroken!.Sequence);
        Assert.Contains("已被删除", result.FirstBroken.Reason);
    }

    [DatabaseFact]
    public async Task A_cut_off_tail_is_caught_by_the_external_checkpoint()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        var (before, written) = await w.Audit.CheckpointAsync(Ct);
        Assert.NotNull(written);
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoDelete, $"""DELETE FROM "AuditEvents" WHERE "Sequence" > {before.Count - 2}""");

        var result = await w.Audit.VerifyAsync(Ct);

        Assert.False(result.Intact);
        Assert.Equal(before.Count - 1, result.FirstBroken!.Sequence);
        Assert.Contains("末尾被截掉", result.FirstBroken.Reason);
    }

    [DatabaseFact]
    public async Task A_consistently_rewritten_chain_is_caught_by_the_external_checkpoint()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        await w.Audit.CheckpointAsync(Ct);
        // The forger changes one event and recomputes every hash after it: the chain is self-consistent again.
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, async connection =>
        {
            await Tampering.ExecuteAsync(connection, """UPDATE "AuditEvents" SET "Summary" = '伪造的记录' WHERE "Sequence" = 2""");
            await Tampering.RehashAsync(connection);
        });

        await using (var connection = await w.Db.OpenConnectionAsync())
            Assert.True(AuditVerifier.Verify(connection, [], Ct).Intact, "without checkpoints the rewrite is consistent");
        var result = await w.Audit.VerifyAsync(Ct);

        Assert.False(result.Intact);
        Assert.Contains("记录被整体改写", result.FirstBroken!.Reason);
    }

    [DatabaseFact]
    public async Task A_checkpoint_file_that_was_tampered_with_is_named_and_vouches_for_nothing()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (_, written) = await w.Audit.CheckpointAsync(Ct);
        Assert.NotNull(written);
        var file = Assert.Single(Directory.GetFiles(w.Checkpoints.Folder, "checkpoint-*.json"));
        await File.WriteAllTextAsync(file, "{\"Count\": 3, \"HeadHash\": \"改\"", Ct);

        var result = await w.Audit.VerifyAsync(Ct);

        Assert.False(result.Intact, "a checkpoint file was tampered with");
        Assert.Null(result.FirstBroken);
        Assert.Equal([Path.GetFileName(file)], result.UnreadableCheckpoints);
        Assert.Contains($"另有1个检查点文件无法读取，未参与比对（{Path.GetFileName(file)}）", result.Describe());
    }

    [DatabaseFact]
    public async Task A_broken_record_is_never_checkpointed()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, """UPDATE "AuditEvents" SET "Action" = 'x' WHERE "Sequence" = 1""");

        var (verification, written) = await w.Audit.CheckpointAsync(Ct);

        Assert.False(verification.Intact);
        Assert.Null(written);
        Assert.Empty(w.Checkpoints.ReadAll());
    }

    [DatabaseFact]
    public async Task Concurrent_writers_extend_one_chain_without_gaps()
    {
        await using var w = await ReportingWorld.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            for (var k = 0; k < 5; k++)
            {
                for (var attempt = 0; ; attempt++)
                {
                    // A fresh context per attempt, as a person retrying after "someone else changed it" would.
                    await using var db = w.Db.CreateDbContext();
                    var task = await db.Tasks.SingleAsync(Ct);
                    task.Note("test.note", $"并发写入{i}-{k}", TestData.Inspector, DateTime.UtcNow);
                    try
                    {
                        await db.SaveChangesAsync(Ct);
                        break;
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < 100)
                    {
                    }
                }
            }
        }, Ct)));

        var result = await w.Audit.VerifyAsync(Ct);
        Assert.True(result.Intact, result.Describe());
        await using var check = w.Db.CreateDbContext();
        Assert.Equal(40, await check.AuditEvents.CountAsync(e => e.Action == "test.note", Ct));
    }

    [DatabaseFact]
    public async Task A_crash_while_writing_the_record_leaves_report_chain_and_record_as_before()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        long before;
        await using (var db = w.Db.CreateDbContext())
            before = await db.AuditEvents.CountAsync(Ct);

        await using (var crashing = w.Db.CreateDbContext(new FailOnAuditInsert()))
        {
            var report = await crashing.Reports.Include(r => r.Revisions).ThenInclude(v => v.Steps).SingleAsync(r => r.Id == id, Ct);
            report.SendForReview(w.Operator, DateTime.UtcNow);
            await Assert.ThrowsAnyAsync<Exception>(() => crashing.SaveChangesAsync(Ct));
        }

        var view = await w.Reports.GetByIdAsync(w.Operator, id, Ct);
        Assert.Equal(RevisionState.Draft, view.Current!.State);
        await using (var db = w.Db.CreateDbContext())
            Assert.Equal(before, await db.AuditEvents.CountAsync(Ct));
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
        await w.Chain.SendForReviewAsync(w.Operator, id, view.Version, Ct);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task A_row_without_a_hash_is_never_sealed_by_later_writes_and_stays_a_break()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await using (var connection = await w.Db.OpenConnectionAsync())
        {
            // A forged event appended by hand: plausible, backdated, and without a hash.
            await Tampering.ExecuteAsync(connection, """
                INSERT INTO "AuditEvents" ("Sequence", "OccurredAt", "Action", "Summary", "ActorId", "ActorName", "EntityType", "EntityId", "TaskId", "Format")
                SELECT MAX("Sequence") + 1, '2026-01-06 01:00:00', 'report.accepted', '采纳2026年3月进展（第1版）', 'u-inspector', '督查员', 'ProgressReport', 1, 1, 2 FROM "AuditEvents"
                """);
        }

        await w.SubmitAsync();
        var startup = await w.Audit.StartAsync(Ct);
        var result = await w.Audit.VerifyAsync(Ct);

        Assert.Contains(startup.Problems, p => p.Contains("没有哈希值", StringComparison.Ordinal));
        Assert.False(result.Intact);
        Assert.Contains("尚未封存", result.FirstBroken!.Reason);
        await using var again = await w.Db.OpenConnectionAsync();
        Assert.Equal(1L, await Tampering.ScalarAsync(again, """SELECT COUNT(*) FROM "AuditEvents" WHERE "Hash" IS NULL"""));
        Assert.False((await w.Audit.CheckpointAsync(Ct)).Verification.ChainIntact);
    }

    [DatabaseFact]
    public async Task Append_only_triggers_found_missing_or_altered_are_named_then_put_back_and_recorded_at_start()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        await using (var connection = await w.Db.OpenConnectionAsync())
        {
            if (w.Db.Provider == DatabaseProvider.Postgres)
            {
                // Every way a table owner can switch the protection off without touching the record itself.
                await Tampering.ExecuteAsync(connection, """ALTER TABLE "AuditEvents" DISABLE TRIGGER "AuditEvents_no_update" """);
                await Tampering.ExecuteAsync(connection, """DROP TRIGGER "AuditEvents_no_truncate" ON "AuditEvents" """);
                await Tampering.ExecuteAsync(connection, "CREATE OR REPLACE FUNCTION supervision_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$");
            }
            else
            {
                await Tampering.ExecuteAsync(connection, """DROP TRIGGER "AuditEvents_no_update" """);
            }
        }

        var before = await w.Audit.VerifyAsync(Ct);
        var startup = await w.Audit.StartAsync(Ct);
        var after = await w.Audit.VerifyAsync(Ct);

        var named = Assert.Single(before.SchemaProblems);
        Assert.Contains("AuditEvents_no_update", named);
        if (w.Db.Provider == DatabaseProvider.Postgres)
        {
            Assert.Contains("AuditEvents_no_truncate", named);
            Assert.Contains("supervision_audit_append_only()", named);
        }

        Assert.Contains(startup.Problems, p => p.Contains("已重新建立", StringComparison.Ordinal));
        Assert.Empty(after.SchemaProblems);
        Assert.True(after.ChainIntact);
        Assert.Contains(after.Notices, n => n.Action == AuditRecordActions.TriggersRestored);
        await using var again = await w.Db.OpenConnectionAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(again, """UPDATE "AuditEvents" SET "Summary" = '改' WHERE "Sequence" = 1"""));
        await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(again, """DELETE FROM "AuditEvents" WHERE "Sequence" = 1"""));
        if (w.Db.Provider == DatabaseProvider.Postgres)
            await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(again, """TRUNCATE "AuditEvents" """));
    }

    [DatabaseFact]
    public async Task Only_the_last_node_to_stop_writes_a_shutdown_checkpoint_so_the_next_start_accepts_what_the_others_wrote()
    {
        await using var w = await ReportingWorld.CreateAsync();
        // PostgreSQL: two web nodes sharing the database and the checkpoint folder. SQLite has one app, whose stop is the last.
        var cluster = w.Db.Provider == DatabaseProvider.Postgres;
        await using var other = new AuditService(w.Db, w.Checkpoints, w.Clock);
        Assert.Empty((await w.Audit.StartAsync(Ct)).Problems);
        if (cluster)
            Assert.Empty((await other.StartAsync(Ct)).Problems);

        var (first, refused) = await w.Audit.ShutdownAsync(Ct);
        Assert.Null(refused);
        if (cluster)
        {
            Assert.NotEqual(CheckpointKind.Shutdown, first?.Kind);
            await w.SubmitAsync(); // the other node goes on serving
            var (last, lastRefused) = await other.ShutdownAsync(Ct);
            Assert.Null(lastRefused);
            Assert.Equal(CheckpointKind.Shutdown, last!.Kind);
        }
        else
        {
            Assert.Equal(CheckpointKind.Shutdown, first!.Kind);
        }

        await using var restarted = new AuditService(w.Db, w.Checkpoints, w.Clock);
        var start = await restarted.StartAsync(Ct);
        Assert.Empty(start.Problems);
        Assert.Equal(CheckpointKind.Start, start.Checkpoint!.Kind);
        Assert.True((await restarted.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task A_report_changed_outside_the_app_is_named_by_the_recorded_state()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, _) = await w.SubmitAsync();
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);

        await using (var connection = await w.Db.OpenConnectionAsync())
            await Tampering.ExecuteAsync(connection, $"""UPDATE "ReportRevisions" SET "Progress" = '已全部完成' WHERE "ReportId" = {id}""");
        var result = await w.Audit.VerifyAsync(Ct);

        Assert.True(result.ChainIntact);
        Assert.True(result.DataChecked);
        var finding = Assert.Single(result.DataFindings);
        Assert.Contains("进展", finding.Describe());
    }

    /// <summary>Simulates the process dying while the audit rows are written (after the report rows went out).</summary>
    private sealed class FailOnAuditInsert : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO \"AuditEvents\"", StringComparison.Ordinal) ? throw new IOException("disk gone") : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
