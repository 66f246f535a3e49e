using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Supervision.Core.Audit;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;
using Supervision.Web.Accounts;
using Supervision.Web.Components.Pages;

namespace Supervision.Tests.Audit;

/// <summary>
/// The tamper suite: every way the record was measured to be fooled, and the kinds of tamper the issue lists (edits,
/// inserts, deletes, reorders, truncation, chain rewrite, checkpoint deletion and forgery, trigger removal), done as
/// they were done — the app stopped, the database edited with SQL, the files edited or removed. Each must be detected
/// and named alike by the service, by <c>verify-audit</c> (exit code 2) and by the /admin/audit page.
/// </summary>
public sealed class TamperSuiteTests : BunitContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public TamperSuiteTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>A tamper: what is done while the app is stopped, whether the app is started again afterwards, and what the verdict must name.</summary>
    private sealed record Case(Func<TamperWorld, Task> Apply, string[] Named, bool Restart = true, Func<TamperWorld, Task>? AfterRestart = null);

    private static readonly Dictionary<string, Case> _cases = new()
    {
        // ── The data itself, edited outside the app ───────────────────────────────────────────────────────────────────
        ["accepted report's progress changed 40 → 35"] = new(
            t => t.SqlAsync("UPDATE ReportRevisions SET ProgressPercent = '35.0' WHERE Number = 1"),
            ["任务2026-ZD-001的2026年3月进展报告在应用之外被改动", "「第1版·总体进度」审计记录为“40”，现为“35”"]),
        ["task's lead unit moved"] = new(
            t => t.SqlAsync($"UPDATE Tasks SET LeadUnitId = {t.W.Other}"),
            ["任务2026-ZD-001在应用之外被改动", "「牵头单位」审计记录为市发展和改革委员会", "现为市教育局"]),
        ["task's deadline moved"] = new(
            t => t.SqlAsync("UPDATE Tasks SET Deadline = '2027-12-31'"),
            ["任务2026-ZD-001在应用之外被改动", "「完成时限」审计记录为“2027-03-31”，现为“2027-12-31”"]),
        ["report deleted with its revisions and steps"] = new(
            t => t.SqlAsync("DELETE FROM SpotChecks; DELETE FROM ReportSteps; DELETE FROM ReportRevisions; DELETE FROM Reports;"),
            ["任务2026-ZD-001的2026年3月进展报告已从数据库中消失", "任务2026-ZD-001的抽查核实（针对第1版报告", "在应用之外被删除"]),
        ["a review step deleted from the report"] = new(
            t => t.SqlAsync("DELETE FROM ReportSteps WHERE Id = (SELECT MAX(Id) FROM ReportSteps)"),
            ["任务2026-ZD-001的2026年3月进展报告在应用之外被改动", "「第1版·审核步骤"]),
        ["task inserted"] = new(
            t => t.SqlAsync("CREATE TEMP TABLE t AS SELECT * FROM Tasks; UPDATE t SET Id = 99, Number = '2026-ZD-099', Sequence = 99; INSERT INTO Tasks SELECT * FROM t;"),
            ["任务2026-ZD-099不在审计记录中：它是在应用之外插入的"]),
        ["spot check's result changed"] = new(
            t => t.SqlAsync($"UPDATE SpotChecks SET Result = {(int)SpotCheckResult.False}"),
            ["任务2026-ZD-001的抽查核实", "「核实结果」审计记录为“Confirmed”，现为“False”"]),
        ["extension decision changed"] = new(
            t => t.SqlAsync("UPDATE ExtensionRequests SET RequestedDeadline = '2027-12-31'"),
            ["任务2026-ZD-001的延期申请", "「申请延至」审计记录为“2027-03-31”，现为“2027-12-31”"]),
        ["edit then covered by a later change in the app"] = new(
            t => t.SqlAsync("UPDATE Tasks SET Title = '改过的名称'"),
            ["任务2026-ZD-001在第", "之前已在应用之外被改动，之后又经应用修改", "「名称/标题」审计记录为“城区道路改造”，当时为“改过的名称”"],
            AfterRestart: async t =>
            {
                // A second extension: the app loads the edited task and moves its deadline.
                var request = await t.W.FollowUp.RequestExtensionAsync(t.W.Operator, t.W.TaskId, new DateOnly(2027, 6, 30), "再次延期。", Ct);
                await t.W.FollowUp.EndorseExtensionAsync(t.W.Principal, request, 1, null, Ct);
                await t.W.FollowUp.ApproveExtensionAsync(t.W.Inspector, request, 2, null, Ct);
            }),

        // ── The record's rows ────────────────────────────────────────────────────────────────────────────────────────
        ["event's summary edited"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Summary = '修改任务信息' WHERE Sequence = 6;"),
            ["审计记录已被篡改：第6条", "内容与其哈希不符"]),
        ["event backdated"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET OccurredAt = '2026-01-02 01:00:00' WHERE Sequence = 7;"),
            ["审计记录已被篡改：第7条", "内容与其哈希不符"]),
        ["event's recorded state edited"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET State = replace(State, '\"ProgressPercent\":\"40\"', '\"ProgressPercent\":\"35\"') WHERE State LIKE '%\"ProgressPercent\":\"40\"%';"),
            ["审计记录已被篡改：第", "内容与其哈希不符"]),
        ["event deleted"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_delete; DELETE FROM AuditEvents WHERE Sequence = 5;"),
            ["审计记录已被篡改：第5条缺失（该条记录已被删除）"]),
        ["two events swapped"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Sequence = -1 WHERE Sequence = 4; UPDATE AuditEvents SET Sequence = 4 WHERE Sequence = 5; UPDATE AuditEvents SET Sequence = 5 WHERE Sequence = -1;"),
            ["审计记录已被篡改：第4条", "链接断开"]),
        ["event inserted in the middle"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Sequence = Sequence + 1000 WHERE Sequence >= 3; UPDATE AuditEvents SET Sequence = Sequence - 999 WHERE Sequence >= 1003; "
                + "INSERT INTO AuditEvents (Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, PreviousHash, Hash, Format) SELECT 3, OccurredAt, 'task.edited', '修改任务信息', ActorId, ActorName, EntityType, EntityId, TaskId, Hash, Hash, 2 FROM AuditEvents WHERE Sequence = 2;"),
            ["审计记录已被篡改：第3条"]),
        ["forged event without a hash appended (and the app writes on)"] = new(
            t => t.SqlAsync("INSERT INTO AuditEvents (Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, Format) "
                + "SELECT MAX(Sequence) + 1, '2026-03-01 02:00:00', 'report.accepted', '采纳2026年3月进展（第1版）', 'u-inspector', '督查员', 'ProgressReport', 1, 1, 2 FROM AuditEvents;"),
            ["尚未封存（没有哈希值）：这条记录不是本系统写入的"],
            AfterRestart: async t => await t.W.FollowUp.IssueOrderAsync(t.W.Inspector, t.W.TaskId, "限期整改", new DateOnly(2026, 4, 20), Ct)),
        ["tail events' hashes cleared and edited"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Hash = NULL, Summary = '采纳2026年3月进展（第1版）' WHERE Sequence > (SELECT MAX(Sequence) - 2 FROM AuditEvents);"),
            ["尚未封存"]),
        ["tail cut off"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_delete; DELETE FROM AuditEvents WHERE Sequence > (SELECT MAX(Sequence) - 4 FROM AuditEvents);"),
            ["记录末尾被截掉"]),
        ["whole chain rewritten consistently"] = new(
            async t =>
            {
                await using var connection = await Tamper.OpenAsync(t.ConnectionString);
                Tamper.Execute(connection, "DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Summary = '伪造的记录' WHERE Sequence = 2;");
                Tamper.Rehash(connection);
            },
            ["记录被整体改写"]),
        ["event with a valid hash appended while the app was stopped"] = new(
            async t =>
            {
                await using var connection = await Tamper.OpenAsync(t.ConnectionString);
                Tamper.Execute(connection, "INSERT INTO AuditEvents (Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, Format) "
                    + "SELECT MAX(Sequence) + 1, '2026-04-02 03:00:00', 'task.closed', '核实完成，销号', 'u-inspector', '督查员', 'SupervisionTask', 1, 1, 1 FROM AuditEvents;");
                Tamper.Execute(connection, "DROP TRIGGER AuditEvents_no_update");
                Tamper.Rehash(connection);
            },
            ["正常停止时审计记录共", "在应用停止期间被插入"]),

        // ── The checkpoints, the manifest and the key ────────────────────────────────────────────────────────────────
        ["a checkpoint file deleted"] = new(
            t =>
            {
                File.Delete(CheckpointFiles(t)[0]);
                return Task.CompletedTask;
            },
            ["缺失：它已从检查点目录中被删除"]),
        ["a checkpoint's head forged (signature kept)"] = new(
            t =>
            {
                var file = CheckpointFiles(t)[0];
                var json = JsonNode.Parse(File.ReadAllText(file))!;
                json["HeadHash"] = new string('a', 64);
                File.WriteAllText(file, json.ToJsonString());
                return Task.CompletedTask;
            },
            ["签名不符：文件内容被改动或伪造"]),
        ["a checkpoint file added by hand"] = new(
            t =>
            {
                File.WriteAllText(Path.Combine(t.W.Checkpoints.Folder, "checkpoint-000000000099-20260402T030000000.json"), JsonSerializer.Serialize(new { Count = 99, HeadHash = new string('b', 64), WrittenAt = new DateTime(2026, 4, 2, 3, 0, 0, DateTimeKind.Utc) }));
                return Task.CompletedTask;
            },
            ["没有签名：启用签名之后本系统不会写入这样的文件，它是伪造的"]),
        ["every checkpoint deleted and the chain rewritten"] = new(
            async t =>
            {
                foreach (var file in CheckpointFiles(t))
                    File.Delete(file);
                await using var connection = await Tamper.OpenAsync(t.ConnectionString);
                Tamper.Execute(connection, "DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Summary = '伪造的记录' WHERE Sequence = 3;");
                Tamper.Rehash(connection);
            },
            ["缺失：它已从检查点目录中被删除", "记录被整体改写"]),
        ["the checkpoint manifest deleted"] = new(
            t =>
            {
                File.Delete(t.W.Checkpoints.ManifestPath);
                return Task.CompletedTask;
            },
            ["检查点清单缺失"]),
        ["the checkpoint manifest forged"] = new(
            t =>
            {
                var json = JsonNode.Parse(File.ReadAllText(t.W.Checkpoints.ManifestPath))!;
                json["Checkpoints"]!.AsArray().RemoveAt(0);
                File.WriteAllText(t.W.Checkpoints.ManifestPath, json.ToJsonString());
                return Task.CompletedTask;
            },
            ["检查点清单的签名不符"]),
        ["the signing key deleted"] = new(
            t =>
            {
                File.Delete(t.W.Checkpoints.KeyFile);
                return Task.CompletedTask;
            },
            ["签名密钥文件缺失"]),

        // ── The database's own protection (before the app starts again and puts it back) ──────────────────────────────
        ["append-only triggers dropped"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_update; DROP TRIGGER AuditEvents_no_delete;"),
            ["数据库已不再拒绝修改和删除审计记录", "AuditEvents_no_update", "AuditEvents_no_delete"],
            Restart: false),
        ["an append-only trigger replaced by a harmless one"] = new(
            t => t.SqlAsync("DROP TRIGGER AuditEvents_no_delete; CREATE TRIGGER AuditEvents_no_delete BEFORE DELETE ON AuditEvents BEGIN SELECT 1; END;"),
            ["数据库已不再拒绝修改和删除审计记录", "AuditEvents_no_delete"],
            Restart: false),
    };

    public static TheoryData<string> Cases => new(_cases.Keys);

    [Fact]
    public void The_suite_covers_the_kinds_of_tamper_the_issue_lists() => Assert.True(_cases.Count >= 21, $"{_cases.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_tamper_is_detected_and_named_by_the_service_the_verb_and_the_page(string name)
    {
        var @case = _cases[name];
        await using var t = await TamperWorld.CreateAsync();

        await @case.Apply(t);
        if (@case.Restart)
            await t.RestartAsync();
        if (@case.AfterRestart is { } after)
            await after(t);

        var verification = await t.W.Audit.VerifyAsync(Ct);
        var text = verification.Describe();
        Assert.False(verification.Intact, $"{name}: not detected\n{text}");
        foreach (var expected in @case.Named)
            Assert.Contains(expected, text);

        var (code, output) = await t.VerifyVerbAsync();
        Assert.Equal(2, code);
        foreach (var expected in @case.Named)
            Assert.Contains(expected, output);

        var page = RenderPage(t.W);
        page.WaitForAssertion(() =>
        {
            var shown = page.Find("[data-testid=audit-result]").TextContent;
            foreach (var expected in @case.Named)
                Assert.Contains(expected, shown);
        });
        Assert.DoesNotContain("✔", page.Find(".audit-verdict").TextContent);
    }

    [Fact]
    public async Task Missing_triggers_are_put_back_at_start_and_the_record_says_so()
    {
        await using var t = await TamperWorld.CreateAsync();
        await t.SqlAsync("DROP TRIGGER AuditEvents_no_update; DROP TRIGGER AuditEvents_no_delete;");

        var problems = await t.RestartAsync();
        var verification = await t.W.Audit.VerifyAsync(Ct);

        Assert.Contains(problems, p => p.Contains("AuditEvents_no_update", StringComparison.Ordinal));
        Assert.Empty(verification.SchemaProblems);
        Assert.Contains(verification.Notices, n => n.Action == AuditRecordActions.TriggersRestored && n.Summary.Contains("AuditEvents_no_delete", StringComparison.Ordinal));
        Assert.Contains("说明：第", verification.Describe());
        await using var connection = await Tamper.OpenAsync(t.ConnectionString);
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => Tamper.Execute(connection, "DELETE FROM AuditEvents WHERE Sequence = 1"));
    }

    [Fact]
    public async Task After_a_forged_row_the_app_refuses_to_checkpoint_and_never_seals_it()
    {
        await using var t = await TamperWorld.CreateAsync();
        await t.SqlAsync("INSERT INTO AuditEvents (Sequence, OccurredAt, Action, Summary, ActorId, ActorName, EntityType, EntityId, TaskId, Format) "
            + "SELECT MAX(Sequence) + 1, '2026-03-01 02:00:00', 'report.accepted', '采纳', 'x', '督查员', 'ProgressReport', 1, 1, 2 FROM AuditEvents;");
        var checkpointsBefore = t.W.Checkpoints.ReadAll().Count;

        var problems = await t.RestartAsync();
        await t.W.FollowUp.IssueOrderAsync(t.W.Inspector, t.W.TaskId, "限期整改", new DateOnly(2026, 4, 20), Ct);
        var (written, refused) = await t.W.Audit.CheckpointTailAsync(CheckpointKind.Periodic, Ct);
        var (verification, manual) = await t.W.Audit.CheckpointAsync(Ct);

        Assert.Contains(problems, p => p.Contains("没有哈希值", StringComparison.Ordinal));
        Assert.Null(written);
        Assert.NotNull(refused);
        Assert.Null(manual);
        Assert.False(verification.ChainIntact);
        Assert.Equal(checkpointsBefore, t.W.Checkpoints.ReadAll().Count);
        await using var connection = await Tamper.OpenAsync(t.ConnectionString);
        Assert.Equal(1L, Tamper.Scalar<long>(connection, "SELECT COUNT(*) FROM AuditEvents WHERE Hash IS NULL"));
    }

    [Fact]
    public async Task An_untouched_record_verifies_after_a_restart_and_more_work()
    {
        await using var t = await TamperWorld.CreateAsync();

        Assert.Empty(await t.RestartAsync());
        await t.W.FollowUp.IssueOrderAsync(t.W.Inspector, t.W.TaskId, "限期整改", new DateOnly(2026, 4, 20), Ct);
        var verification = await t.W.Audit.VerifyAsync(Ct);
        var (code, output) = await t.VerifyVerbAsync();

        Assert.True(verification.Intact, verification.Describe());
        Assert.True(verification.RecordsChecked >= 5, verification.Describe());
        Assert.Equal(0, code);
        Assert.StartsWith("审计记录完整", output);
    }

    /// <summary>
    /// The documented window: while the app runs (or after it was killed, with no shutdown checkpoint), a tail written
    /// after the latest checkpoint by someone who knows the algorithm is consistent and cannot be told from the app's
    /// own writes. Checkpoints every N events keep that window short; a normal stop closes it.
    /// </summary>
    [Fact]
    public async Task A_consistent_rewrite_of_the_tail_after_the_last_checkpoint_of_a_killed_app_is_the_documented_window()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.Audit.StartAsync(Ct);
        await w.SubmitAsync();
        w.Clock.Advance(TimeSpan.FromSeconds(1));
        var (checkpoint, _) = await w.Audit.CheckpointTailAsync(CheckpointKind.Events, Ct);
        Assert.NotNull(checkpoint);
        await w.FollowUp.IssueOrderAsync(w.Inspector, w.TaskId, "限期整改", new DateOnly(2026, 4, 20), Ct);

        // Killed: no shutdown checkpoint. The last event (after the checkpoint) is reworded and re-hashed.
        await using (var connection = await Tamper.OpenAsync(w.Db.ConnectionString))
        {
            Tamper.Execute(connection, "DROP TRIGGER AuditEvents_no_update; UPDATE AuditEvents SET Summary = '改写的督办单' WHERE Sequence = (SELECT MAX(Sequence) FROM AuditEvents);");
            Tamper.Rehash(connection);
            Tamper.Execute(connection, Core.Data.AuditTrail.SqliteAuditSchema.Triggers[Core.Data.AuditTrail.SqliteAuditSchema.NoUpdateTrigger]);
        }

        var verification = await w.Audit.VerifyAsync(Ct);
        Assert.True(verification.Intact, "inside the window the rewrite is consistent: " + verification.Describe());
    }

    private static string[] CheckpointFiles(TamperWorld t) => Directory.GetFiles(t.W.Checkpoints.Folder, "checkpoint-*.json").Order(StringComparer.Ordinal).ToArray();

    private IRenderedComponent<AuditVerify> RenderPage(ReportingWorld w)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "u-inspector"), new(ClaimTypes.Name, "inspector"), new(ClaimTypes.Role, Roles.Inspector) };
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))));
        Services.AddSingleton<CurrentActor>();
        Services.AddSingleton(w.Audit);
        return Render<AuditVerify>();
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
