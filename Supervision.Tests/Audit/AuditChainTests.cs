using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Supervision.Core.Audit;
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
        await w.Reports.ReturnAsync(w.Inspector, id, version, "补充数据", Ct);

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
            Rehash(connection);
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

        Assert.True(result.Intact, "the record itself is untouched");
        Assert.Equal(0, result.CheckpointsChecked);
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
        var id = await w.Reports.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
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
        await w.Reports.SendForReviewAsync(w.Operator, id, view.Version, Ct);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task Events_written_before_the_chain_existed_are_sealed_once_and_then_verify()
    {
        await using var w = await ReportingWorld.CreateAsync();
        // A database migrated from before the chain: rows numbered but without hashes.
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, """UPDATE "AuditEvents" SET "Hash" = NULL, "PreviousHash" = NULL""");

        Assert.Contains("尚未封存", (await w.Audit.VerifyAsync(Ct)).FirstBroken!.Reason);
        var sealedCount = await w.Audit.SealLegacyAsync(Ct);

        Assert.True(sealedCount > 0);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
        Assert.Equal(0, await w.Audit.SealLegacyAsync(Ct));
        await using var again = await w.Db.OpenConnectionAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => Tampering.ExecuteAsync(again, """UPDATE "AuditEvents" SET "Hash" = NULL WHERE "Sequence" = 1"""));
    }

    private static void Rehash(DbConnection connection)
    {
        var rows = new List<(long Id, long Seq, long Ticks, string A, string S, string AI, string AN, string ET, int EI, int? T)>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = """SELECT "Id", "Sequence", "OccurredAt", "Action", "Summary", "ActorId", "ActorName", "EntityType", "EntityId", "TaskId" FROM "AuditEvents" ORDER BY "Sequence" """;
            using var r = read.ExecuteReader();
            while (r.Read())
                rows.Add((r.GetInt64(0), r.GetInt64(1), r.GetDateTime(2).Ticks, r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt32(9)));
        }

        var previous = AuditChain.Genesis;
        foreach (var x in rows)
        {
            var hash = AuditChain.Compute(x.Seq, x.Ticks, x.A, x.S, x.AI, x.AN, x.ET, x.EI, x.T, previous);
            using var update = connection.CreateCommand();
            update.CommandText = """UPDATE "AuditEvents" SET "PreviousHash" = @p, "Hash" = @h WHERE "Id" = @id""";
            Add(update, "@p", previous);
            Add(update, "@h", hash);
            Add(update, "@id", x.Id);
            update.ExecuteNonQuery();
            previous = hash;
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Simulates the process dying while the audit rows are written (after the report rows went out).</summary>
    private sealed class FailOnAuditInsert : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO \"AuditEvents\"", StringComparison.Ordinal) ? throw new IOException("disk gone") : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
