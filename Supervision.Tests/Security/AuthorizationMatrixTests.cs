using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Audit;
using Supervision.Core.Backup;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Reporting;
using Supervision.Core.Security;
using Supervision.Core.Publishing;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Security;

/// <summary>Which task an operation is tried on, seen from the 市发展改革委 (fgw) accounts.</summary>
public enum Scope
{
    /// <summary>Not about one task (office documents, accounts).</summary>
    None,

    /// <summary>A task fgw leads.</summary>
    Own,

    /// <summary>A task fgw assists on (协办) without leading.</summary>
    Assisting,

    /// <summary>A task fgw has nothing to do with.</summary>
    Other,
}

/// <summary>
/// The demo city in a real SQLite file behind the real host's services; actors come from the real demo accounts
/// through the real claims factory, so the matrix tests exactly what a signed-in person would get.
/// </summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    public SecurityHost Host { get; private set; } = default!;

    public int Year { get; private set; }

    public IReadOnlyDictionary<Scope, int> Tasks { get; private set; } = default!;

    public IReadOnlyDictionary<Scope, int> Notices { get; private set; } = default!;

    public IReadOnlyDictionary<Scope, int> Reports { get; private set; } = default!;

    /// <summary>The period key of each of <see cref="Reports"/>.</summary>
    public IReadOnlyDictionary<Scope, string> ReportPeriods { get; private set; } = default!;

    /// <summary>The unified number of each of <see cref="Tasks"/>.</summary>
    public IReadOnlyDictionary<Scope, string> Numbers { get; private set; } = default!;

    /// <summary>Open tasks (办理中, deadline ahead) by scope, each with a draft, an attachment, a 批示 and a coordination request.</summary>
    public IReadOnlyDictionary<Scope, int> OpenTasks { get; private set; } = default!;

    /// <summary>A fresh draft report (current revision 草稿) on each of <see cref="OpenTasks"/>, drafted by its lead unit.</summary>
    public IReadOnlyDictionary<Scope, int> Drafts { get; private set; } = default!;

    /// <summary>An attachment its lead unit's 联络员 put on each of <see cref="Drafts"/>.</summary>
    public IReadOnlyDictionary<Scope, int> Attachments { get; private set; } = default!;

    /// <summary>A 督办单 the inspector issued on each of <see cref="OpenTasks"/>.</summary>
    public IReadOnlyDictionary<Scope, int> Orders { get; private set; } = default!;

    /// <summary>
    /// A unit per scope for the ledger's filter choices: fgw itself, the lead unit of the task fgw assists on, and a
    /// unit that neither leads nor assists on any task fgw is involved in this year.
    /// </summary>
    public IReadOnlyDictionary<Scope, int> ChoiceUnits { get; private set; } = default!;

    private readonly Dictionary<string, Actor> _actors = [];

    public async ValueTask InitializeAsync()
    {
        Host = await SecurityHost.CreateAsync(demo: true);
        await using var scope = Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        foreach (var user in await users.Users.ToListAsync())
            _actors[user.UserName!] = CurrentActor.FromPrincipal(await claims.CreateAsync(user));

        var fgw = _actors["fgw.operator"].UnitId!.Value;
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        Year = await db.Tasks.MaxAsync(t => t.Year);
        // Tasks that have a notice and a report, so every operation has something to find.
        var candidates = db.Tasks.Where(t => db.Notices.Any(n => n.TaskId == t.Id) && db.Reports.Any(r => r.TaskId == t.Id)).OrderBy(t => t.Id);
        var own = await candidates.Where(t => t.LeadUnitId == fgw).Select(t => t.Id).FirstAsync();
        var assisting = await candidates.Where(t => t.LeadUnitId != fgw && t.AssistingUnits.Any(a => a.UnitId == fgw)).Select(t => t.Id).FirstAsync();
        var other = await candidates.Where(t => t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)).Select(t => t.Id).FirstAsync();
        Tasks = new Dictionary<Scope, int> { [Scope.Own] = own, [Scope.Assisting] = assisting, [Scope.Other] = other };
        var notices = new Dictionary<Scope, int>();
        var reports = new Dictionary<Scope, int>();
        foreach (var (s, id) in Tasks)
        {
            notices[s] = await db.Notices.Where(n => n.TaskId == id).Select(n => n.Id).FirstAsync();
            reports[s] = await db.Reports.Where(r => r.TaskId == id).Select(r => r.Id).FirstAsync();
        }

        Notices = notices;
        Reports = reports;
        ReportPeriods = await db.Reports.Where(r => reports.Values.Contains(r.Id)).ToDictionaryAsync(r => reports.Single(x => x.Value == r.Id).Key, r => r.PeriodKey);
        Numbers = await db.Tasks.Where(t => Tasks.Values.Contains(t.Id)).ToDictionaryAsync(t => Tasks.Single(x => x.Value == t.Id).Key, t => t.Number);

        var mine = db.Tasks.Where(t => t.Year == Year && (t.LeadUnitId == fgw || t.AssistingUnits.Any(a => a.UnitId == fgw)));
        var unrelated = await db.Units.Where(u => u.IsActive && !mine.Any(t => t.LeadUnitId == u.Id || t.AssistingUnits.Any(a => a.UnitId == u.Id)))
            .OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        var assistingLead = await db.Tasks.Where(t => t.Id == assisting).Select(t => t.LeadUnitId).SingleAsync();
        ChoiceUnits = new Dictionary<Scope, int> { [Scope.Own] = fgw, [Scope.Assisting] = assistingLead, [Scope.Other] = unrelated };

        // Open tasks with something for every read to find: a draft of the current period with an attachment (by
        // the lead unit's 联络员), an unanswered 批示 (the lead unit's 待办) and a raised coordination request (the
        // inspector's 待办).
        var soon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var open = db.Tasks.Where(t => t.State == TaskState.InProgress && t.Deadline > soon).OrderBy(t => t.Id);
        var openTasks = new Dictionary<Scope, int>
        {
            [Scope.Own] = await open.Where(t => t.LeadUnitId == fgw).Select(t => t.Id).FirstAsync(),
            [Scope.Assisting] = await open.Where(t => t.LeadUnitId != fgw && t.AssistingUnits.Any(a => a.UnitId == fgw)).Select(t => t.Id).FirstAsync(),
            [Scope.Other] = await open.Where(t => t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)).Select(t => t.Id).FirstAsync(),
        };
        await using var serviceScope = Host.Services.CreateAsyncScope();
        var coordinationService = serviceScope.ServiceProvider.GetRequiredService<CoordinationService>();
        var remarkService = serviceScope.ServiceProvider.GetRequiredService<LeaderRemarkService>();
        var escalationService = serviceScope.ServiceProvider.GetRequiredService<EscalationService>();
        var drafts = new Dictionary<Scope, int>();
        var attachments = new Dictionary<Scope, int>();
        foreach (var (where, taskId) in openTasks)
        {
            (drafts[where], attachments[where], var leadOperator) = await DraftWithAttachmentAsync(Host.Services, taskId);
            await remarkService.GiveRemarkAsync(Actor("leader"), taskId, "请加快推进，按期完成。", requiresResponse: true);
            await coordinationService.RaiseCoordinationAsync(leadOperator, taskId, "跨部门审批受阻。", "请协调相关部门并联审批。", "市政府办公室");
        }

        OpenTasks = openTasks;
        Drafts = drafts;
        Attachments = attachments;

        var orders = new Dictionary<Scope, int>();
        foreach (var (where, taskId) in openTasks)
        {
            await escalationService.IssueOrderAsync(Actor("inspector"), taskId, "请于限期内报送整改情况。", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10));
            orders[where] = await db.Set<ChaseRecord>().Where(c => c.TaskId == taskId && c.Level == ChaseLevel.SupervisionOrder).MaxAsync(c => c.Id);
        }

        Orders = orders;
    }

    /// <summary>
    /// Opens a draft for the first started period of <paramref name="taskId"/> that has no report yet, as the lead
    /// unit's 联络员, and puts a PDF on it through the real service.
    /// </summary>
    internal static async Task<(int Draft, int Attachment, Actor LeadOperator)> DraftWithAttachmentAsync(IServiceProvider services, int taskId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
        var content = task.Indicator is { } indicator
            ? new ReportContent("按计划推进，本期指标稳步增长。", null, null, null, indicator.Target / 2)
            : new ReportContent("按计划推进，本期完成方案编制。", null, null, 60, null);
        var leadOperator = new Actor($"matrix.{task.LeadUnitId}.operator", "牵头单位联络员", new HashSet<string> { Roles.UnitOperator }, task.LeadUnitId);
        await using var scope = services.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<ReportQueries>();
        var inspector = new Actor("matrix.inspector", "督查员", new HashSet<string> { Roles.Inspector }, null);
        var period = (await reports.PeriodsAsync(inspector, taskId)).First(p => p.ReportId == 0);
        var draft = await scope.ServiceProvider.GetRequiredService<ReportChainService>().OpenAsync(leadOperator, taskId, period.PeriodKey, content);
        var attachment = await scope.ServiceProvider.GetRequiredService<ReportAttachmentService>().AttachAsync(leadOperator, draft, new MemoryStream(MatrixPdf), "落实情况说明.pdf");
        return (draft, attachment, leadOperator);
    }

    /// <summary>A small PDF the upload inspector accepts.</summary>
    internal static readonly byte[] MatrixPdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    public Actor Actor(string userName) => _actors[userName];

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed class AuthorizationMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    /// <summary>What an operation gets to do with the target; the operation's own business rules may still refuse.</summary>
    internal delegate Task<bool> Operation(IServiceProvider services, Actor actor, MatrixFixture data, Scope scope);

    // Each operation calls the real service and answers "did the actor get the target (or get past the gate)?".
    // A DomainException that is about permission counts as a refusal; one about a business rule (period not ended,
    // already closed…) means the gate was passed. Anything else fails the test.
    internal static readonly Dictionary<string, Operation> Operations = new()
    {
        ["台账查询"] = async (s, a, d, scope) => (await s.GetRequiredService<LedgerQueryService>().PageAsync(a, new LedgerFilter { Year = d.Year }, 0, 10_000)).Rows.Any(i => i.Id == d.Tasks[scope]),
        ["任务详情"] = async (s, a, d, scope) => await s.GetRequiredService<TaskDetailService>().GetAsync(a, d.Tasks[scope]) is not null,
        ["通知单PDF"] = async (s, a, d, scope) =>
        {
            try
            {
                return await s.GetRequiredService<NoticeDocumentService>().PdfAsync(a, d.Notices[scope]) is not null;
            }
            catch (MissingFontException)
            {
                return true; // past the visibility check; the machine lacks a font
            }
        },
        ["台账导出"] = async (s, a, d, scope) => WorkbookHas(await s.GetRequiredService<LedgerQueryService>().ExportAsync(a, new LedgerFilter { Year = d.Year }), d.Numbers[scope]),
        ["筛选选项"] = async (s, a, d, scope) => (await s.GetRequiredService<LedgerQueryService>().ChoicesAsync(a, d.Year)).Units.Any(u => u.Id == d.ChoiceUnits[scope]),
        ["看板"] = async (s, a, d, scope) => (await s.GetRequiredService<DashboardService>().GetAsync(a, new DashboardRequest())).Model.Board.SelectMany(g => g.Tiles).Any(t => t.TaskId == d.Tasks[scope]),
        ["待办"] = async (s, a, d, scope) => (await s.GetRequiredService<TodoService>().ListAsync(a)).Any(t => t.TaskId == d.OpenTasks[scope]),
        ["报告列表"] = async (s, a, d, scope) => (await s.GetRequiredService<ReportQueries>().PeriodsAsync(a, d.Tasks[scope])).Count > 0,
        ["报告详情"] = async (s, a, d, scope) => await s.GetRequiredService<ReportQueries>().GetByIdAsync(a, d.Reports[scope]) is not null,
        ["报告期详情"] = async (s, a, d, scope) => (await s.GetRequiredService<ReportQueries>().GetAsync(a, d.Tasks[scope], d.ReportPeriods[scope])).ReportId == d.Reports[scope],
        ["报告汇总"] = async (s, a, d, scope) => (await s.GetRequiredService<ReportQueries>().ListAsync(a, d.Year, 100_000)).Any(r => r.ReportId == d.Reports[scope]),
        ["附件下载"] = async (s, a, d, scope) =>
        {
            if (await s.GetRequiredService<ReportAttachmentService>().OpenAttachmentAsync(a, d.Attachments[scope]) is not { } file)
                return false;
            await file.Content.DisposeAsync();
            return true;
        },
        ["督办情况"] = async (s, a, d, scope) => await s.GetRequiredService<FollowUpViewService>().GetAsync(a, d.Tasks[scope]) is not null,
        ["申请协调"] = async (s, a, d, scope) => await s.GetRequiredService<CoordinationService>().RaiseCoordinationAsync(a, d.Tasks[scope], "征地手续办理受阻。", "请协调自然资源部门加快审批。", "市自然资源和规划局") > 0,
        ["名录概况"] = async (s, a, d, _) => (await s.GetRequiredService<UnitDirectoryService>().SummaryAsync(a)).ActiveUnits > 0,
        ["类别年度"] = async (s, a, d, _) => (await s.GetRequiredService<CategoryService>().YearsAsync(a)).Contains(d.Year),
        ["类别列表"] = async (s, a, d, _) => (await s.GetRequiredService<CategoryService>().ListAsync(a, d.Year)).Count > 0,
        ["期报表"] = async (s, a, d, _) => (await s.GetRequiredService<PeriodFiguresService>().LoadAsync(a, SupervisionPeriod.Of(d.Year)[0])).Categories.Count > 0,
        ["完成情况表"] = async (s, a, d, _) => (await s.GetRequiredService<CompletionTableService>().BuildAsync(a, SupervisionPeriod.Of(d.Year)[0])).Content.Length > 0,
        ["通报查看"] = async (s, a, d, _) => await s.GetRequiredService<BulletinService>().GetAsync(a, SupervisionPeriod.Of(d.Year)[0]) is not null,
        ["通报重新起草"] = async (s, a, d, _) => (await s.GetRequiredService<BulletinService>().RedraftAsync(a, SupervisionPeriod.Of(d.Year)[0])) is not null,
        ["通报PDF"] = async (s, a, d, _) =>
        {
            try
            {
                return (await s.GetRequiredService<BulletinService>().PdfAsync(a, SupervisionPeriod.Of(d.Year)[0])).File.Content.Length > 0;
            }
            catch (MissingFontException)
            {
                return true; // past the permission check; the machine lacks a font
            }
        },
        ["通报预览"] = async (s, a, d, _) =>
        {
            var bulletins = s.GetRequiredService<BulletinService>();
            var period = SupervisionPeriod.Of(d.Year)[0];
            var text = await bulletins.RedraftAsync(d.Actor("inspector"), period);
            try
            {
                return (await bulletins.PreviewAsync(a, period, text, maxPages: 1)).PageCount > 0;
            }
            catch (MissingFontException)
            {
                return true;
            }
        },
        ["通报草稿保存"] = async (s, a, d, _) =>
        {
            var bulletins = s.GetRequiredService<BulletinService>();
            var period = SupervisionPeriod.Of(d.Year)[0];
            var text = await bulletins.RedraftAsync(d.Actor("inspector"), period);
            await bulletins.SaveDraftAsync(a, period, text);
            return true;
        },
        ["关闭报告期"] = async (s, a, d, _) => await s.GetRequiredService<PeriodCloseService>().CloseAsync(a, SupervisionPeriod.Of(d.Year)[0]) is not null,
        ["账户列表"] = async (s, a, d, _) => (await s.GetRequiredService<UserAdministration>().ListAsync(a)).Count > 0,
        ["账户单位选项"] = async (s, a, d, _) => (await s.GetRequiredService<UserAdministration>().UnitsAsync(a)).Count > 0,
        ["备份列表"] = (s, a, d, _) => Task.FromResult(s.GetRequiredService<BackupService>().List(a) is not null),
        ["审计核验"] = async (s, a, d, _) => (await s.GetRequiredService<AuditService>().VerifyAsync(a)).Count > 0,
        ["审计检查点列表"] = (s, a, d, _) => Task.FromResult(s.GetRequiredService<AuditService>().CheckpointsFor(a) is not null),
        ["督办单PDF"] = async (s, a, d, scope) =>
        {
            try
            {
                return await s.GetRequiredService<ChaseDocumentService>().PdfAsync(a, d.Orders[scope]) is not null;
            }
            catch (MissingFontException)
            {
                return true; // past the visibility check; the machine lacks a font
            }
        },
        ["访问记录"] = async (s, a, d, _) => await s.GetRequiredService<AccessAudit>().RecentAsync(a) is not null,
        ["访问记录查询"] = async (s, a, d, _) => (await s.GetRequiredService<AccessRecordService>().PageAsync(a, new AccessRecordFilter(), 0, 10)).Total >= 0,
        ["访问记录导出"] = async (s, a, d, _) => (await s.GetRequiredService<AccessRecordService>().ExportAsync(a, new AccessRecordFilter(From: DateOnly.FromDateTime(DateTime.UtcNow)))).Length > 0,
        ["数据库备份"] = async (s, a, d, _) => await s.GetRequiredService<BackupService>().CreateAsync(a) is not null,
    };

    private static readonly string[] Office = ["admin", "inspector"];
    private static readonly string[] Units = ["fgw.operator", "fgw.supervisor", "fgw.principal"];
    private static readonly string[] TaskReads = ["台账查询", "台账导出", "看板", "任务详情", "通知单PDF", "报告列表", "报告详情", "报告期详情", "报告汇总", "附件下载", "督办情况"];

    /// <summary>
    /// The matrix: (account, operation, scope, allowed). Add a row (or an operation above and its rows) as a
    /// service lands; every row runs against the real services on the demo city.
    /// </summary>
    public static TheoryData<string, string, Scope, bool> Matrix()
    {
        var rows = new TheoryData<string, string, Scope, bool>();
        foreach (var op in TaskReads)
        {
            foreach (var scope in new[] { Scope.Own, Scope.Assisting, Scope.Other })
            {
                // Office staff and city leaders see every task; the lead and assisting units see theirs alike; others nothing.
                foreach (var who in Office.Append("leader"))
                    rows.Add(who, op, scope, true);
                foreach (var who in Units)
                    rows.Add(who, op, scope, scope != Scope.Other);
            }

            // Another unit's accounts, seen from the other side: 澜东区 does not see fgw's own task unless it is involved.
            rows.Add("landong.operator", op, Scope.Own, false);
        }

        // The ledger's unit filter offers a unit account only the units of its own tasks.
        foreach (var scope in new[] { Scope.Own, Scope.Assisting, Scope.Other })
        {
            foreach (var who in Office.Append("leader"))
                rows.Add(who, "筛选选项", scope, true);
            foreach (var who in Units)
                rows.Add(who, "筛选选项", scope, scope != Scope.Other);
        }

        // 待办: the inspector gets every raised coordination request; a unit gets the 批示 on the tasks it leads,
        // never anything of another unit's task.
        foreach (var scope in new[] { Scope.Own, Scope.Assisting, Scope.Other })
            rows.Add("inspector", "待办", scope, true);
        foreach (var who in Units)
        {
            rows.Add(who, "待办", Scope.Own, true);
            rows.Add(who, "待办", Scope.Other, false);
        }

        rows.Add("landong.operator", "待办", Scope.Own, false);

        // Asking for coordination is for the task's own units; another unit's task is refused whoever asks.
        foreach (var who in Units)
            rows.Add(who, "申请协调", Scope.Other, false);
        rows.Add("fgw.operator", "申请协调", Scope.Own, true);
        rows.Add("fgw.operator", "申请协调", Scope.Assisting, true);

        foreach (var op in new[] { "期报表", "完成情况表", "通报查看", "通报重新起草", "通报PDF", "通报预览" })
        {
            foreach (var who in Office.Append("leader"))
                rows.Add(who, op, Scope.None, true);
            foreach (var who in Units.Append("landong.principal"))
                rows.Add(who, op, Scope.None, false);
        }

        // A 督办单's PDF: whoever sees the task (its own and assisting units, the office, the leaders).
        foreach (var scope in new[] { Scope.Own, Scope.Assisting, Scope.Other })
        {
            foreach (var who in Office.Append("leader"))
                rows.Add(who, "督办单PDF", scope, true);
            foreach (var who in Units)
                rows.Add(who, "督办单PDF", scope, scope != Scope.Other);
        }

        foreach (var op in new[] { "名录概况", "类别年度", "类别列表", "通报草稿保存", "关闭报告期", "审计核验", "审计检查点列表" })
        {
            foreach (var who in Office)
                rows.Add(who, op, Scope.None, true);
            foreach (var who in Units.Append("leader"))
                rows.Add(who, op, Scope.None, false);
        }

        foreach (var op in new[] { "账户列表", "账户单位选项", "访问记录", "访问记录查询", "访问记录导出", "数据库备份", "备份列表" })
        {
            rows.Add("admin", op, Scope.None, true);
            foreach (var who in Units.Append("inspector").Append("leader"))
                rows.Add(who, op, Scope.None, false);
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_role_gets_exactly_its_tasks_and_operations(string account, string operation, Scope scope, bool allowed)
    {
        await using var services = fixture.Host.Services.CreateAsyncScope();
        var actor = fixture.Actor(account);
        bool got;
        try
        {
            got = await Operations[operation](services.ServiceProvider, actor, fixture, scope);
        }
        catch (DomainException ex) when (IsRefusal(ex.Message))
        {
            got = false;
        }
        catch (DomainException ex)
        {
            // A business rule answered, so the permission gate let the actor through.
            Assert.True(allowed, $"{account} 执行“{operation}”时未被拒绝，而是遇到业务规则：{ex.Message}");
            return;
        }

        Assert.True(allowed == got, $"{account} 执行“{operation}”（{scope}）应{(allowed ? "允许" : "拒绝")}，实际{(got ? "允许" : "拒绝")}");
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("leader")]
    [InlineData("fgw.operator")]
    [InlineData("landong.principal")]
    [InlineData("gxq.supervisor")]
    public async Task The_overview_counts_only_the_tasks_the_account_may_see(string account)
    {
        await using var services = fixture.Host.Services.CreateAsyncScope();
        var actor = fixture.Actor(account);
        await using var db = await fixture.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        // The oracle, written independently of TaskVisibility: lead or assisting unit, or an office/city role.
        var expected = actor.UnitId is { } unit
            ? await db.Tasks.CountAsync(t => t.Year == fixture.Year && (t.LeadUnitId == unit || t.AssistingUnits.Any(a => a.UnitId == unit)), TestContext.Current.CancellationToken)
            : await db.Tasks.CountAsync(t => t.Year == fixture.Year, TestContext.Current.CancellationToken);
        var year = fixture.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dashboard = await services.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(actor, new DashboardRequest(Year: year), TestContext.Current.CancellationToken);
        Assert.Empty(dashboard.Ignored);
        Assert.Equal(expected, dashboard.Model.Counts.Lights.Total);
        Assert.Equal(expected, dashboard.Model.Board.Sum(g => g.Tiles.Count));
        Assert.Equal(expected, (await services.ServiceProvider.GetRequiredService<LedgerQueryService>().PageAsync(actor, new LedgerFilter { Year = fixture.Year }, 0, 1, TestContext.Current.CancellationToken)).Total);
        Assert.Equal(expected, (await services.ServiceProvider.GetRequiredService<PeriodSummaryService>().SummarizeAsync(actor, fixture.Year, TestContext.Current.CancellationToken))[^1].Overall.Total);
    }

    [Fact]
    public async Task An_account_without_a_unit_or_role_sees_nothing()
    {
        await using var services = fixture.Host.Services.CreateAsyncScope();
        var nobody = new Actor("nobody", "无角色", new HashSet<string>(), null);
        var orphan = new Actor("orphan", "无单位联络员", new HashSet<string> { Roles.UnitOperator }, null);
        foreach (var actor in new[] { nobody, orphan })
        {
            var ledger = await services.ServiceProvider.GetRequiredService<LedgerQueryService>().PageAsync(actor, new LedgerFilter { Year = fixture.Year }, 0, 500, TestContext.Current.CancellationToken);
            Assert.Equal(0, ledger.Total);
            Assert.Empty(ledger.Rows);
            Assert.Empty(await services.ServiceProvider.GetRequiredService<ReportQueries>().ListAsync(actor, fixture.Year, ct: TestContext.Current.CancellationToken));
            var dashboard = await services.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(actor, new DashboardRequest(), TestContext.Current.CancellationToken);
            Assert.Equal(0, dashboard.Model.Counts.Lights.Total);
            Assert.Empty(dashboard.Model.Board.SelectMany(g => g.Tiles));
            Assert.Null(await services.ServiceProvider.GetRequiredService<TaskDetailService>().GetAsync(actor, fixture.Tasks[Scope.Own], TestContext.Current.CancellationToken));
        }
    }

    private static bool IsRefusal(string message) =>
        message.Contains("无权", StringComparison.Ordinal) || message.StartsWith("只有", StringComparison.Ordinal) || message.Contains("不存在", StringComparison.Ordinal);

    private static bool WorkbookHas(byte[] xlsx, string number)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(xlsx));
        return workbook.Worksheets.SelectMany(w => w.CellsUsed()).Any(c => c.GetString() == number);
    }
}
