using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Audit;
using Supervision.Core.Dashboard;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Reporting;
using Supervision.Core.Publishing;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Security;

/// <summary>
/// The demo city of <see cref="MatrixFixture"/> (a database of its own) plus open follow-up records to act on: on a
/// task fgw leads and on one fgw has nothing to do with, an extension request, a coordination request and a 批示
/// awaiting a response, each raised by the task's own lead unit.
/// </summary>
public sealed class ActionMatrixFixture : IAsyncLifetime
{
    public MatrixFixture Data { get; } = new();

    /// <summary>Open tasks (办理中, deadline ahead) by scope: Own (fgw leads), Assisting, Other.</summary>
    public IReadOnlyDictionary<Scope, int> OpenTasks { get; private set; } = default!;

    public IReadOnlyDictionary<Scope, int> Extensions { get; private set; } = default!;

    public IReadOnlyDictionary<Scope, int> Coordinations { get; private set; } = default!;

    public IReadOnlyDictionary<Scope, int> Remarks { get; private set; } = default!;

    /// <summary>An unread notification addressed to the Other task's lead unit.</summary>
    public long OtherUnitsNotification { get; private set; }

    public int OtherUnit { get; private set; }

    /// <summary>A category of the year no task uses, so removing it would succeed were the permission check missing.</summary>
    public int SpareCategory { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await Data.InitializeAsync();
        var fgw = Data.Actor("fgw.operator").UnitId!.Value;
        var services = Data.Host.Services;
        await using var db = await services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        var soon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var open = db.Tasks.Where(t => t.State == TaskState.InProgress && t.Deadline > soon).OrderBy(t => t.Id);
        var own = await open.Where(t => t.LeadUnitId == fgw).FirstAsync();
        var assisting = await open.Where(t => t.LeadUnitId != fgw && t.AssistingUnits.Any(a => a.UnitId == fgw)).FirstAsync();
        var other = await open.Where(t => t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)).FirstAsync();
        OtherUnit = other.LeadUnitId;
        OpenTasks = new Dictionary<Scope, int> { [Scope.Own] = own.Id, [Scope.Assisting] = assisting.Id, [Scope.Other] = other.Id };

        // Scoped services come from a scope, as a request gets them (the host validates scopes).
        await using var serviceScope = services.CreateAsyncScope();
        var extensionService = serviceScope.ServiceProvider.GetRequiredService<ExtensionService>();
        var coordinationService = serviceScope.ServiceProvider.GetRequiredService<CoordinationService>();
        var remarkService = serviceScope.ServiceProvider.GetRequiredService<LeaderRemarkService>();
        var leader = Data.Actor("leader");
        var extensions = new Dictionary<Scope, int>();
        var coordinations = new Dictionary<Scope, int>();
        var remarks = new Dictionary<Scope, int>();
        foreach (var (scope, task) in new[] { (Scope.Own, own), (Scope.Other, other) })
        {
            var leadOperator = new Actor($"matrix.{task.LeadUnitId}.operator", "牵头单位联络员", new HashSet<string> { Roles.UnitOperator }, task.LeadUnitId);
            extensions[scope] = await extensionService.RequestExtensionAsync(leadOperator, task.Id, task.Deadline.AddDays(30), "征地拆迁进度滞后，需顺延一个月。");
            coordinations[scope] = await coordinationService.RaiseCoordinationAsync(leadOperator, task.Id, "跨部门审批受阻。", "请协调相关部门并联审批。", "市政府办公室");
            remarks[scope] = await remarkService.GiveRemarkAsync(leader, task.Id, "请加快推进，按期完成。", requiresResponse: true);
        }

        Extensions = extensions;
        Coordinations = coordinations;
        Remarks = remarks;
        SpareCategory = await serviceScope.ServiceProvider.GetRequiredService<CategoryService>().SaveAsync(Data.Actor("admin"), 0, new CategoryInput { Year = Data.Year, Name = "矩阵测试备用类别", SortOrder = 99 });
        OtherUnitsNotification = await db.Set<Notification>().Where(n => n.RecipientUnitId == OtherUnit && n.ReadAt == null).OrderByDescending(n => n.Id).Select(n => n.Id).FirstAsync();
    }

    public async ValueTask DisposeAsync() => await Data.DisposeAsync();
}

/// <summary>
/// Every action of every service, by role and by unit (lead, assisting, other), against the real services: a
/// refused row must be refused with a Chinese message <em>and write nothing</em> (no audit event, no notification,
/// no version change); an allowed row must get past the permission gate. Allowed rows that would change a record
/// pass a stale version, so they stop at the version check and the fixture stays as it was.
/// </summary>
public sealed class ActionMatrixTests(ActionMatrixFixture fixture) : IClassFixture<ActionMatrixFixture>
{
    private const long Stale = -1;

    internal delegate Task Action(IServiceProvider services, Actor actor, ActionMatrixFixture data, Scope scope, bool allowed);

    private static async Task<CategoryRecord> SpareCategoryAsync(IServiceProvider s, ActionMatrixFixture d) =>
        (await s.GetRequiredService<CategoryService>().ListAsync(d.Data.Actor("admin"), d.Data.Year)).Single(c => c.Id == d.SpareCategory);

    private static async Task<long> TaskVersion(ActionMatrixFixture d, int taskId)
    {
        await using var db = await d.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        return await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Version).SingleAsync();
    }

    private static async Task<long> ReportVersion(ActionMatrixFixture d, int reportId)
    {
        await using var db = await d.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        return await db.Reports.Where(r => r.Id == reportId).Select(r => r.Version).SingleAsync();
    }

    private static async Task<long> VersionOf<T>(ActionMatrixFixture d, int id) where T : class, IVersioned, ITaskScopedRecord
    {
        await using var db = await d.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        return (await db.Set<T>().SingleAsync(x => x.Id == id)).Version;
    }

    // A refused row uses the record's current version, so a missing permission check cannot hide behind the
    // version check; an allowed row uses a stale one where the action would change something.
    private static async Task<long> TaskVersionFor(ActionMatrixFixture d, int taskId, bool allowed) => allowed ? Stale : await TaskVersion(d, taskId);

    private static async Task<long> ReportVersionFor(ActionMatrixFixture d, int reportId, bool allowed) => allowed ? Stale : await ReportVersion(d, reportId);

    internal static readonly Dictionary<string, Action> Actions = new()
    {
        // 台账 (ledger)
        ["交办"] = async (s, a, d, scope, ok) => await s.GetRequiredService<AssignmentService>().AssignAsync(a, d.Data.Tasks[scope], await TaskVersionFor(d, d.Data.Tasks[scope], ok), "请按期办理。"),
        ["批量交办"] = async (s, a, d, scope, ok) => await s.GetRequiredService<AssignmentService>().AssignManyAsync(a, [(d.Data.Tasks[scope], await TaskVersionFor(d, d.Data.Tasks[scope], ok))], "请按期办理。"),
        ["登记任务"] = async (s, a, d, _, ok) =>
        {
            // A refused row sends a complete, valid form, so a missing check would register a task (and be caught);
            // an allowed row sends one without a name, which stops at validation once past the permission check.
            var input = (await s.GetRequiredService<RegistrationService>().LoadForEditAsync(d.Data.Actor("inspector"), d.Data.Tasks[Scope.Own]))!;
            input.Title = ok ? "" : "矩阵测试登记的任务";
            await s.GetRequiredService<RegistrationService>().RegisterAsync(a, input);
        },
        ["导入任务"] = async (s, a, d, _, _) =>
            await s.GetRequiredService<TaskImportService>().CommitAsync(a, ImportTemplate.Build(d.Data.Year), "任务.xlsx", new ImportSettings(d.Data.Year, ReportCycle.Monthly)),
        ["签收"] = async (s, a, d, scope, _) => await s.GetRequiredService<AssignmentService>().AcknowledgeAsync(a, d.Data.Tasks[scope]),
        ["编辑任务读取"] = async (s, a, d, scope, _) =>
        {
            if (await s.GetRequiredService<RegistrationService>().LoadForEditAsync(a, d.Data.Tasks[scope]) is null)
                throw new DomainException("任务不存在或您无权查看。");
        },
        ["修改任务"] = async (s, a, d, scope, ok) =>
        {
            var input = (await s.GetRequiredService<RegistrationService>().LoadForEditAsync(d.Data.Actor("inspector"), d.Data.Tasks[scope]))!;
            input.Version = await TaskVersionFor(d, d.Data.Tasks[scope], ok);
            input.Title += "（改）";
            await s.GetRequiredService<RegistrationService>().UpdateAsync(a, d.Data.Tasks[scope], input);
        },
        ["导入预览"] = async (s, a, d, _, _) => await s.GetRequiredService<TaskImportService>().PreviewAsync(a, ImportTemplate.Build(d.Data.Year), "任务.xlsx", d.Data.Year),
        ["导入选项"] = async (s, a, d, _, _) => await s.GetRequiredService<TaskImportService>().DirectoryAsync(a, d.Data.Year),
        ["导入时记住名称"] = async (s, a, d, _, ok) =>
            // Refused rows send a name that would be remembered; allowed rows one that is another unit's name, refused by the rule.
            await s.GetRequiredService<ImportAliasService>().RememberAsync(a,
                new ImportAnswer(ImportNameKind.Unit, ok ? "市财政局" : "矩阵测试别名", ImportTargetKind.Unit, d.Data.Actor("fgw.operator").UnitId!.Value), "矩阵.xlsx"),
        ["单位组查看"] = async (s, a, d, _, _) => await s.GetRequiredService<UnitGroupService>().ListAsync(a),
        ["新增单位组"] = async (s, a, d, _, ok) =>
            await s.GetRequiredService<UnitGroupService>().SaveAsync(a, 0, new UnitGroupInput { Name = ok ? "" : "矩阵测试单位组", Kinds = [UnitKind.County] }),
        ["修改单位组"] = async (s, a, d, _, ok) =>
        {
            var group = (await s.GetRequiredService<UnitGroupService>().ListAsync(d.Data.Actor("admin")))[0];
            await s.GetRequiredService<UnitGroupService>().SaveAsync(a, group.Id,
                new UnitGroupInput { Name = group.Name + "（改）", Kinds = [.. group.Kinds], SortOrder = group.SortOrder, Version = ok ? Stale : group.Version });
        },
        ["删除单位组"] = async (s, a, d, _, ok) =>
        {
            var group = (await s.GetRequiredService<UnitGroupService>().ListAsync(d.Data.Actor("admin")))[0];
            await s.GetRequiredService<UnitGroupService>().RemoveAsync(a, group.Id, ok ? Stale : group.Version);
        },
        ["单位名录维护"] = async (s, a, d, _, ok) =>
        {
            var units = s.GetRequiredService<UnitDirectoryService>();
            var unit = (await units.ListAsync(d.Data.Actor("admin"))).First(u => u.Id == d.OtherUnit);
            await units.SetActiveAsync(a, unit.Id, false, ok ? Stale : unit.Version);
        },
        ["单位名录查看"] = async (s, a, d, _, _) => await s.GetRequiredService<UnitDirectoryService>().ListAsync(a),
        ["市领导名录查看"] = async (s, a, d, _, _) => await s.GetRequiredService<LeaderDirectoryService>().ListAsync(a),
        ["修改单位"] = async (s, a, d, _, ok) =>
        {
            var unit = (await s.GetRequiredService<UnitDirectoryService>().ListAsync(d.Data.Actor("admin"))).First(u => u.Id == d.OtherUnit);
            var input = new UnitInput { Name = unit.Name, ShortName = unit.ShortName, Kind = unit.Kind, SortOrder = unit.SortOrder + 1, Aliases = string.Join("、", unit.Aliases), Version = ok ? Stale : unit.Version };
            await s.GetRequiredService<UnitDirectoryService>().SaveAsync(a, unit.Id, input);
        },
        ["修改市领导"] = async (s, a, d, _, ok) =>
        {
            var leader = (await s.GetRequiredService<LeaderDirectoryService>().ListAsync(d.Data.Actor("admin")))[0];
            var input = new LeaderInput { Name = leader.Name, Title = leader.Title + "（改）", SortOrder = leader.SortOrder, OverseenUnitIds = [.. leader.OverseenUnitIds], Version = ok ? Stale : leader.Version };
            await s.GetRequiredService<LeaderDirectoryService>().SaveAsync(a, leader.Id, input);
        },
        ["停用市领导"] = async (s, a, d, _, ok) =>
        {
            var leader = (await s.GetRequiredService<LeaderDirectoryService>().ListAsync(d.Data.Actor("admin")))[0];
            await s.GetRequiredService<LeaderDirectoryService>().SetActiveAsync(a, leader.Id, false, ok ? Stale : leader.Version);
        },
        // A refused row sends a valid new name, so a missing check would add it; an allowed row one without a name.
        ["新增类别"] = async (s, a, d, _, ok) =>
            await s.GetRequiredService<CategoryService>().SaveAsync(a, 0, new CategoryInput { Year = d.Data.Year, Name = ok ? "" : "矩阵测试新增类别", SortOrder = 50 }),
        ["修改类别"] = async (s, a, d, _, ok) =>
        {
            var category = await SpareCategoryAsync(s, d);
            await s.GetRequiredService<CategoryService>().SaveAsync(a, category.Id, new CategoryInput { Year = category.Year, Name = category.Name + "（改）", SortOrder = category.SortOrder, Version = ok ? Stale : category.Version });
        },
        ["调整类别顺序"] = async (s, a, d, _, ok) =>
        {
            var category = await SpareCategoryAsync(s, d);
            await s.GetRequiredService<CategoryService>().MoveAsync(a, category.Id, ok ? Stale : category.Version, up: true);
        },
        ["删除类别"] = async (s, a, d, _, ok) =>
        {
            var category = await SpareCategoryAsync(s, d);
            await s.GetRequiredService<CategoryService>().RemoveAsync(a, category.Id, ok ? Stale : category.Version);
        },

        // 反馈 (the report chain)
        ["起草报告"] = async (s, a, d, scope, _) =>
        {
            var period = (await s.GetRequiredService<ReportQueries>().PeriodsAsync(d.Data.Actor("inspector"), d.Data.Tasks[scope]))[0].PeriodKey;
            await s.GetRequiredService<ReportChainService>().OpenAsync(a, d.Data.Tasks[scope], period, new ReportContent("按计划推进。", null, null, 50, null));
        },
        ["修改草稿"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().SaveDraftAsync(a, d.Data.Reports[scope], await ReportVersionFor(d, d.Data.Reports[scope], ok), new ReportContent("改写的进展。", null, null, 60, null)),
        ["提交审核"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().SendForReviewAsync(a, d.Data.Drafts[scope], await ReportVersionFor(d, d.Data.Drafts[scope], ok)),
        ["单位退回"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().RejectInUnitAsync(a, d.Data.Reports[scope], await ReportVersionFor(d, d.Data.Reports[scope], ok), "请补充本期数据。"),
        ["单位审核"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().ApproveAsync(a, d.Data.Reports[scope], await ReportVersionFor(d, d.Data.Reports[scope], ok), "同意。"),
        ["采纳报告"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().AcceptAsync(a, d.Data.Reports[scope], await ReportVersionFor(d, d.Data.Reports[scope], ok), null),
        ["采纳报告并更正"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().AcceptAsync(a, d.Data.Reports[scope], await ReportVersionFor(d, d.Data.Reports[scope], ok), null, "补录更正。"),
        ["退回报告"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ReportChainService>().ReturnAsync(a, d.Data.Reports[scope], await ReportVersionFor(d, d.Data.Reports[scope], ok), "数据不实。"),
        ["配合补充"] = async (s, a, d, scope, _) => await s.GetRequiredService<ReportChainService>().AddContributionAsync(a, d.Data.Reports[scope], "配合单位已完成相关审批。"),
        ["上传附件"] = async (s, a, d, scope, _) => await s.GetRequiredService<ReportAttachmentService>().AttachAsync(a, d.Data.Reports[scope], new MemoryStream("%PDF-1.4\n%%EOF\n"u8.ToArray()), "证明.pdf"),
        ["删除附件"] = async (s, a, d, scope, _) => await s.GetRequiredService<ReportAttachmentService>().RemoveAttachmentAsync(a, d.Data.Attachments[scope]),
        ["抽查核实"] = async (s, a, d, scope, _) => await s.GetRequiredService<SpotCheckService>().RecordSpotCheckAsync(a, d.Data.Reports[scope], 1, SpotCheckMethod.Phone, SpotCheckResult.Confirmed, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), "电话核实属实。", null),
        ["抽查核实并更正"] = async (s, a, d, scope, _) =>
            await s.GetRequiredService<SpotCheckService>().RecordSpotCheckAsync(a, d.Data.Reports[scope], 1, SpotCheckMethod.Phone, SpotCheckResult.Confirmed, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), "电话核实属实。", null, null, "补录更正。"),

        // 督办 (follow-up)
        ["下发督办单"] = async (s, a, d, scope, _) => await s.GetRequiredService<EscalationService>().IssueOrderAsync(a, d.OpenTasks[scope], "请加快进度。", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10)),
        ["催办"] = async (s, a, d, scope, _) => await s.GetRequiredService<EscalationService>().EscalateAsync(a, d.OpenTasks[scope], ChaseLevel.Urge, "请抓紧办理。"),
        ["申请延期"] = async (s, a, d, scope, _) =>
            await s.GetRequiredService<ExtensionService>().RequestExtensionAsync(a, d.OpenTasks[scope], DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1), "资金未到位。"),
        ["签署延期"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ExtensionService>().EndorseExtensionAsync(a, d.Extensions[scope], ok ? Stale : await VersionOf<ExtensionRequest>(d, d.Extensions[scope]), null),
        ["审定延期"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ExtensionService>().ApproveExtensionAsync(a, d.Extensions[scope], ok ? Stale : await VersionOf<ExtensionRequest>(d, d.Extensions[scope]), null),
        ["不同意延期"] = async (s, a, d, scope, ok) => await s.GetRequiredService<ExtensionService>().RejectExtensionAsync(a, d.Extensions[scope], ok ? Stale : await VersionOf<ExtensionRequest>(d, d.Extensions[scope]), "理由不充分。"),
        ["转办协调"] = async (s, a, d, scope, ok) =>
        {
            var leaderId = (await s.GetRequiredService<FollowUpViewService>().GetAsync(d.Data.Actor("inspector"), d.OpenTasks[scope])).Leaders[0].Item1;
            await s.GetRequiredService<CoordinationService>().RouteCoordinationAsync(a, d.Coordinations[scope], ok ? Stale : await VersionOf<CoordinationRequest>(d, d.Coordinations[scope]), leaderId, null);
        },
        ["答复协调"] = async (s, a, d, scope, ok) => await s.GetRequiredService<CoordinationService>().AnswerCoordinationAsync(a, d.Coordinations[scope], ok ? Stale : await VersionOf<CoordinationRequest>(d, d.Coordinations[scope]), "已协调。"),
        ["申请办结"] = async (s, a, d, scope, ok) => await s.GetRequiredService<CompletionService>().RequestCompletionAsync(a, d.OpenTasks[scope], await TaskVersionFor(d, d.OpenTasks[scope], ok), "已全部完成。"),
        ["销号"] = async (s, a, d, scope, ok) => await s.GetRequiredService<CompletionService>().SignOffAsync(a, d.OpenTasks[scope], await TaskVersionFor(d, d.OpenTasks[scope], ok)),
        ["不予销号"] = async (s, a, d, scope, ok) => await s.GetRequiredService<CompletionService>().RejectCompletionAsync(a, d.OpenTasks[scope], await TaskVersionFor(d, d.OpenTasks[scope], ok), "材料不全。"),
        ["取消任务"] = async (s, a, d, scope, ok) => await s.GetRequiredService<TaskCancellationService>().CancelAsync(a, d.OpenTasks[scope], await TaskVersionFor(d, d.OpenTasks[scope], ok), "因政策调整原因取消。"),
        ["领导批示"] = async (s, a, d, scope, _) => await s.GetRequiredService<LeaderRemarkService>().GiveRemarkAsync(a, d.OpenTasks[scope], "请抓紧推进。", false),
        ["批示落实"] = async (s, a, d, scope, ok) => await s.GetRequiredService<LeaderRemarkService>().RespondRemarkAsync(a, d.Remarks[scope], ok ? Stale : await VersionOf<LeaderRemark>(d, d.Remarks[scope]), "已按批示落实。"),

        // 通知 (notifications and their push addresses)
        ["推送地址查看"] = async (s, a, d, scope, _) => await s.GetRequiredService<NotificationService>().WebhookAsync(a, scope == Scope.Own ? a.UnitId ?? d.Data.Actor("fgw.operator").UnitId : d.OtherUnit),
        ["推送地址设置"] = async (s, a, d, scope, ok) =>
        {
            // Refused rows send the address's current version, so only the permission check can stop them.
            var unit = scope == Scope.Own ? a.UnitId ?? d.Data.Actor("fgw.operator").UnitId : d.OtherUnit;
            await using var db = await d.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
            var current = await db.Set<UnitWebhook>().Where(w => w.UnitId == unit).Select(w => (long?)w.Version).SingleOrDefaultAsync();
            await s.GetRequiredService<NotificationService>().SetWebhookAsync(a, unit, "https://oapi.dingtalk.com/robot/send?access_token=matrix", false, ok ? Stale : current);
        },

        // 报表与通报 (documents)
        ["通报签发"] = async (s, a, d, _, _) =>
        {
            // The whole year has not ended: the business rules refuse after the permission gate, so nothing is issued.
            var period = SupervisionPeriod.Of(d.Data.Year)[^1];
            var text = await s.GetRequiredService<BulletinService>().RedraftAsync(d.Data.Actor("inspector"), period);
            await s.GetRequiredService<BulletinService>().IssueAsync(a, period, text);
        },
        ["已签发文件"] = async (s, a, d, _, _) => await s.GetRequiredService<BulletinService>().IssuedAsync(a, int.MaxValue),

        // 账户与审计 (accounts, the record). Refused rows send what would work; allowed rows stop at a business rule.
        ["创建账户"] = async (s, a, d, _, ok) => await s.GetRequiredService<UserAdministration>().CreateAsync(a, new NewUser
        {
            UserName = "matrix.created", DisplayName = "矩阵测试", Role = ok ? "" : Roles.Inspector, Password = "Hq9#river-Lantern",
        }),
        ["重置密码"] = async (s, a, d, _, ok) => await s.GetRequiredService<UserAdministration>().ResetPasswordAsync(a, d.Data.Actor("fgw.supervisor").UserId, ok ? "123" : "Hq9#river-Lantern"),
        ["停用账户"] = async (s, a, d, _, ok) => await s.GetRequiredService<UserAdministration>().SetDisabledAsync(a, ok ? a.UserId : d.Data.Actor("fgw.supervisor").UserId, true),
        ["结束会话"] = async (s, a, d, _, _) => await s.GetRequiredService<UserAdministration>().EndSessionsAsync(a, d.Data.Actor("fgw.supervisor").UserId),
        ["审计检查点"] = async (s, a, d, _, _) => await s.GetRequiredService<AuditService>().CheckpointAsync(a),
    };

    private static readonly string[] Units = ["fgw.operator", "fgw.supervisor", "fgw.principal"];
    private static readonly string[] NonInspectors = ["admin", "leader", .. Units];

    public static TheoryData<string, string, Scope, bool> Matrix()
    {
        var rows = new TheoryData<string, string, Scope, bool>();
        void Rows(string op, IEnumerable<string> who, Scope scope, bool allowed)
        {
            foreach (var w in who)
                rows.Add(w, op, scope, allowed);
        }

        // The office's ledger work: admin and inspector on any task; units and city leaders never.
        foreach (var op in new[] { "交办", "批量交办", "编辑任务读取", "修改任务" })
        {
            Rows(op, ["admin", "inspector"], Scope.Other, true);
            foreach (var scope in new[] { Scope.Own, Scope.Other })
                Rows(op, ["leader", .. Units], scope, false);
        }

        foreach (var op in new[] { "导入预览", "导入任务", "登记任务", "单位名录查看", "市领导名录查看", "导入选项", "导入时记住名称", "单位组查看" })
        {
            Rows(op, ["admin", "inspector"], Scope.None, true);
            Rows(op, ["leader", .. Units], Scope.None, false);
        }

        foreach (var op in new[] { "单位名录维护", "修改单位", "修改市领导", "停用市领导", "新增类别", "修改类别", "调整类别顺序", "删除类别", "新增单位组", "修改单位组", "删除单位组" })
        {
            Rows(op, ["admin"], Scope.None, true);
            Rows(op, ["inspector", "leader", .. Units], Scope.None, false);
        }

        // 签收: the task's own units (lead or assisting), never another unit or the office.
        Rows("签收", Units, Scope.Own, true);
        Rows("签收", Units, Scope.Assisting, true);
        Rows("签收", Units, Scope.Other, false);
        Rows("签收", ["admin", "inspector", "leader"], Scope.Own, false);

        // The report chain: drafting is the lead unit's 联络员; other units and the office cannot draft or edit.
        Rows("起草报告", ["fgw.operator"], Scope.Own, true);
        Rows("起草报告", ["fgw.operator"], Scope.Assisting, false);
        Rows("起草报告", [.. Units, "inspector", "leader"], Scope.Other, false);
        Rows("起草报告", ["fgw.supervisor", "fgw.principal", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("修改草稿", ["fgw.operator"], Scope.Own, true);
        Rows("修改草稿", ["fgw.operator"], Scope.Assisting, false);
        Rows("修改草稿", [.. Units, "inspector", "leader"], Scope.Other, false);
        Rows("修改草稿", ["inspector", "admin", "leader"], Scope.Own, false);
        Rows("提交审核", ["fgw.operator"], Scope.Own, true);
        Rows("提交审核", ["fgw.operator"], Scope.Assisting, false);
        Rows("提交审核", ["fgw.supervisor", "fgw.principal", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("提交审核", Units, Scope.Other, false);
        Rows("单位审核", Units, Scope.Other, false);
        Rows("单位审核", ["fgw.supervisor", "fgw.principal"], Scope.Assisting, false);
        Rows("单位退回", Units, Scope.Other, false);
        Rows("单位退回", ["fgw.supervisor", "fgw.principal"], Scope.Assisting, false);
        Rows("单位退回", ["inspector", "admin", "leader"], Scope.Own, false);
        foreach (var op in new[] { "采纳报告", "采纳报告并更正", "退回报告" })
        {
            Rows(op, ["inspector"], Scope.Other, true);
            Rows(op, ["admin", "leader", .. Units], Scope.Own, false);
            Rows(op, Units, Scope.Other, false);
        }

        Rows("配合补充", Units, Scope.Assisting, true);
        Rows("配合补充", ["fgw.operator", "inspector", "leader"], Scope.Own, false);
        Rows("配合补充", Units, Scope.Other, false);
        Rows("上传附件", Units, Scope.Other, false);
        Rows("上传附件", ["inspector", "admin", "leader"], Scope.Own, false);
        // Removing a file: only the unit that put it on the current draft (no allowed row: it would delete the file).
        Rows("删除附件", Units, Scope.Other, false);
        Rows("删除附件", Units, Scope.Assisting, false);
        Rows("删除附件", ["fgw.supervisor", "fgw.principal", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("抽查核实", ["inspector"], Scope.Other, true);
        Rows("抽查核实", NonInspectors, Scope.Own, false);
        Rows("抽查核实并更正", ["inspector"], Scope.Other, true);
        Rows("抽查核实并更正", NonInspectors, Scope.Own, false);

        // Follow-up: chasing, closing and cancelling are the inspector's; asking is the lead unit's.
        foreach (var op in new[] { "下发督办单", "催办", "销号", "不予销号", "取消任务", "审定延期", "转办协调" })
        {
            Rows(op, ["inspector"], Scope.Other, true);
            Rows(op, NonInspectors, Scope.Own, false);
            Rows(op, Units, Scope.Other, false);
        }

        Rows("申请延期", ["fgw.operator", "fgw.principal"], Scope.Own, true);
        Rows("申请延期", Units, Scope.Assisting, false);
        Rows("申请延期", Units, Scope.Other, false);
        Rows("申请延期", ["fgw.supervisor", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("申请办结", ["fgw.operator", "fgw.principal"], Scope.Own, true);
        Rows("申请办结", Units, Scope.Assisting, false);
        Rows("申请办结", Units, Scope.Other, false);
        Rows("申请办结", ["fgw.supervisor", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("签署延期", ["fgw.principal"], Scope.Own, true);
        Rows("签署延期", ["fgw.operator", "fgw.supervisor", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("签署延期", Units, Scope.Other, false);
        Rows("不同意延期", ["fgw.principal"], Scope.Own, true);
        Rows("不同意延期", ["fgw.operator", "fgw.supervisor", "inspector", "admin", "leader"], Scope.Own, false);
        Rows("不同意延期", Units, Scope.Other, false);
        Rows("答复协调", ["leader", "inspector"], Scope.Other, true);
        Rows("答复协调", ["admin", .. Units], Scope.Own, false);
        Rows("领导批示", ["leader"], Scope.Other, true);
        Rows("领导批示", ["admin", "inspector", .. Units], Scope.Own, false);
        Rows("批示落实", Units, Scope.Own, true);
        Rows("批示落实", Units, Scope.Other, false);
        Rows("批示落实", ["admin", "inspector", "leader"], Scope.Own, false);

        // Push addresses: the office any unit's, a unit's 主要领导 only its own.
        foreach (var op in new[] { "推送地址查看", "推送地址设置" })
        {
            Rows(op, ["admin", "inspector"], Scope.Other, true);
            Rows(op, ["fgw.principal"], Scope.Own, true);
            Rows(op, Units, Scope.Other, false);
            Rows(op, ["fgw.operator", "fgw.supervisor", "leader"], Scope.Own, false);
        }

        Rows("通报签发", ["admin", "inspector"], Scope.None, true);
        Rows("通报签发", ["leader", .. Units], Scope.None, false);
        Rows("已签发文件", ["admin", "inspector", "leader"], Scope.None, true);
        Rows("已签发文件", Units, Scope.None, false);

        foreach (var op in new[] { "创建账户", "重置密码", "停用账户", "结束会话" })
        {
            Rows(op, ["admin"], Scope.None, true);
            Rows(op, ["inspector", "leader", .. Units], Scope.None, false);
        }

        Rows("审计检查点", ["admin", "inspector"], Scope.None, true);
        Rows("审计检查点", ["leader", .. Units], Scope.None, false);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Every_action_is_refused_to_the_wrong_role_or_unit_and_a_refusal_writes_nothing(string account, string action, Scope scope, bool allowed)
    {
        await using var services = fixture.Data.Host.Services.CreateAsyncScope();
        var actor = fixture.Data.Actor(account);
        var before = await FootprintAsync();
        string? refusal = null;
        string? rule = null;
        try
        {
            await Actions[action](services.ServiceProvider, actor, fixture, scope, allowed);
        }
        catch (DomainException ex) when (IsRefusal(ex.Message))
        {
            refusal = ex.Message;
        }
        catch (DomainException ex)
        {
            rule = ex.Message;
        }

        if (allowed)
        {
            Assert.True(refusal is null, $"{account} 执行“{action}”（{scope}）应允许，却被拒绝：{refusal}");
            return;
        }

        // Refused: with a Chinese message (a permission one, or a state rule that only the rightful role could
        // meet — both were given the record's current version), and with nothing written at all.
        Assert.True(refusal is not null || rule is not null, $"{account} 执行“{action}”（{scope}）应拒绝，实际执行成功");
        Assert.Equal(before, await FootprintAsync());
    }

    [Fact]
    public async Task A_unit_cannot_mark_another_units_notification_read_and_sees_only_its_own()
    {
        await using var services = fixture.Data.Host.Services.CreateAsyncScope();
        var notifications = services.ServiceProvider.GetRequiredService<NotificationService>();
        var fgw = fixture.Data.Actor("fgw.operator");
        await notifications.MarkReadAsync(fgw, fixture.OtherUnitsNotification, TestContext.Current.CancellationToken);
        await notifications.MarkAllReadAsync(fgw, TestContext.Current.CancellationToken);
        await using var db = await fixture.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Null(await db.Set<Notification>().Where(n => n.Id == fixture.OtherUnitsNotification).Select(n => n.ReadAt).SingleAsync(TestContext.Current.CancellationToken));
        var listed = (await notifications.ListAsync(fgw, ct: TestContext.Current.CancellationToken)).Select(n => n.Id).ToHashSet();
        var foreign = await db.Set<Notification>().Where(n => listed.Contains(n.Id) && n.RecipientUnitId != fgw.UnitId).CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, foreign);
    }

    [Theory]
    [InlineData("fgw.operator")]
    [InlineData("fgw.principal")]
    [InlineData("landong.supervisor")]
    public async Task Unit_pages_dashboard_todo_and_export_show_only_the_units_own_tasks(string account)
    {
        await using var services = fixture.Data.Host.Services.CreateAsyncScope();
        var s = services.ServiceProvider;
        var actor = fixture.Data.Actor(account);
        var ct = TestContext.Current.CancellationToken;
        await using var db = await fixture.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(ct);
        var unit = actor.UnitId!.Value;
        var mine = (await db.Tasks.Where(t => t.LeadUnitId == unit || t.AssistingUnits.Any(a => a.UnitId == unit)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var numbers = (await db.Tasks.Where(t => mine.Contains(t.Id)).Select(t => t.Number).ToListAsync(ct)).ToHashSet();
        var foreignNumbers = await db.Tasks.Where(t => !mine.Contains(t.Id) && t.Year == fixture.Data.Year).Select(t => t.Number).ToListAsync(ct);

        // A crafted request (someone else's leader and category, a bogus year) changes nothing about the scope.
        var dashboard = (await s.GetRequiredService<DashboardService>().GetAsync(actor, new DashboardRequest(Year: "1999", Leader: "1", Category: "1"), ct)).Model;
        var plain = (await s.GetRequiredService<DashboardService>().GetAsync(actor, new DashboardRequest(), ct)).Model;
        foreach (var model in new[] { dashboard, plain })
        {
            var shown = model.Board.SelectMany(g => g.Tiles).Select(t => t.TaskId)
                .Concat(model.Upcoming.Select(u => u.TaskId))
                .Concat(model.OverdueReports.Select(o => o.TaskId))
                .Concat(model.Indicators.Select(i => i.TaskId))
                .Concat(model.Activity.Where(a => a.TaskId is not null).Select(a => a.TaskId!.Value))
                .Concat(model.ByCategory.Bars.Concat(model.ByUnit.Bars).Concat(model.ByLeader.Bars).SelectMany(b => b.TaskIds))
                .ToList();
            Assert.NotEmpty(shown);
            Assert.All(shown, id => Assert.Contains(id, mine));
        }

        Assert.All(await s.GetRequiredService<TodoService>().ListAsync(actor, ct), t => Assert.Contains(t.TaskId, mine));
        var page = await s.GetRequiredService<LedgerQueryService>().PageAsync(actor, new LedgerFilter { Year = fixture.Data.Year, UnitId = fixture.OtherUnit }, 0, 10_000, ct);
        Assert.All(page.Rows, r => Assert.Contains(r.Id, mine));

        // The Excel export, read back: not one number of another unit's task.
        var xlsx = await s.GetRequiredService<LedgerQueryService>().ExportAsync(actor, new LedgerFilter { Year = fixture.Data.Year }, ct);
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(xlsx));
        var cells = workbook.Worksheets.SelectMany(w => w.CellsUsed()).Select(c => c.GetString()).ToHashSet();
        Assert.Contains(cells, numbers.Contains);
        Assert.DoesNotContain(cells, foreignNumbers.Contains);
    }

    [Fact]
    public async Task A_password_is_changed_only_for_the_signed_in_account_and_only_with_its_current_password()
    {
        // There is no parameter naming an account: whatever an actor sends, only its own password can change, and only
        // with that password. Tried on every role of the demo city: a wrong current password changes nothing anywhere.
        await using var services = fixture.Data.Host.Services.CreateAsyncScope();
        var passwords = services.ServiceProvider.GetRequiredService<AccountPasswords>();
        var users = services.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var account in new[] { "admin", "inspector", "leader", "fgw.operator", "fgw.supervisor", "fgw.principal" })
        {
            var actor = fixture.Data.Actor(account);
            var refused = await Assert.ThrowsAsync<DomainException>(() => passwords.ChangeOwnAsync(actor, "Not-the#password9", "Mz4$harbor-Willow", "Mz4$harbor-Willow", TestContext.Current.CancellationToken));
            Assert.Equal("当前密码不正确。", refused.Message);
            var user = (await users.FindByIdAsync(actor.UserId))!;
            Assert.True(await users.CheckPasswordAsync(user, Supervision.Web.Hosting.DemoAccounts.DefaultPassword));
            await users.ResetAccessFailedCountAsync(user);
        }

        var ghost = new Actor("no-such-account", "冒名者", new HashSet<string> { Roles.Admin }, null);
        var none = await Assert.ThrowsAsync<DomainException>(() => passwords.ChangeOwnAsync(ghost, Supervision.Web.Hosting.DemoAccounts.DefaultPassword, "Mz4$harbor-Willow", "Mz4$harbor-Willow", TestContext.Current.CancellationToken));
        Assert.True(IsRefusal(none.Message), none.Message);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Crafted_ids_are_answered_as_not_found_for_everyone(int id)
    {
        await using var services = fixture.Data.Host.Services.CreateAsyncScope();
        var s = services.ServiceProvider;
        foreach (var account in new[] { "inspector", "fgw.operator" })
        {
            var actor = fixture.Data.Actor(account);
            Assert.Null(await s.GetRequiredService<TaskDetailService>().GetAsync(actor, id, TestContext.Current.CancellationToken));
            Assert.Null(await s.GetRequiredService<NoticeDocumentService>().PdfAsync(actor, id, TestContext.Current.CancellationToken));
            Assert.Null(await s.GetRequiredService<ReportAttachmentService>().OpenAttachmentAsync(actor, id, TestContext.Current.CancellationToken));
            var ex = await Assert.ThrowsAsync<DomainException>(() => s.GetRequiredService<ReportQueries>().GetByIdAsync(actor, id, TestContext.Current.CancellationToken));
            Assert.True(IsRefusal(ex.Message), ex.Message);
            ex = await Assert.ThrowsAsync<DomainException>(() => s.GetRequiredService<TaskCancellationService>().CancelAsync(fixture.Data.Actor("inspector"), id, 1, "取消。", TestContext.Current.CancellationToken));
            Assert.True(IsRefusal(ex.Message), ex.Message);
        }
    }

    /// <summary>Everything a refused action could have written: audit events, notifications, versions.</summary>
    private async Task<string> FootprintAsync()
    {
        await using var db = await fixture.Data.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        var events = await db.AuditEvents.CountAsync(e => e.EntityType != "AccessEvent");
        var notes = await db.Set<Notification>().CountAsync();
        var unread = await db.Set<Notification>().CountAsync(n => n.ReadAt == null);
        var tasks = await db.Tasks.SumAsync(t => t.Version);
        var reports = await db.Reports.SumAsync(r => r.Version);
        var hooks = await db.Set<UnitWebhook>().CountAsync();
        var units = await db.Units.SumAsync(u => u.Version);
        var leaders = await db.Leaders.SumAsync(l => l.Version);
        var categories = $"{await db.Categories.CountAsync()}/{await db.Categories.SumAsync(c => c.Version)}";
        var taskCount = await db.Tasks.CountAsync();
        var attachments = await db.Set<ReportAttachment>().CountAsync();
        var spotChecks = await db.SpotChecks.CountAsync();
        var checkpoints = fixture.Data.Host.Services.GetRequiredService<AuditService>().Checkpoints.ReadAll().Count;
        await using var scope = fixture.Data.Host.Services.CreateAsyncScope();
        var accounts = string.Join(";", (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync())
            .Select(u => $"{u.Id}:{u.IsDisabled}:{u.SecurityStamp}:{u.PasswordHash}"));
        return $"events {events}, notifications {notes}/{unread}, task versions {tasks}, report versions {reports}, webhooks {hooks}, units {units}, "
            + $"leaders {leaders}, categories {categories}, tasks {taskCount}, attachments {attachments}, spot checks {spotChecks}, checkpoints {checkpoints}, accounts {accounts}";
    }

    private static bool IsRefusal(string message) =>
        new[] { "无权", "只有", "不存在", "须由", "由牵头单位报告", "您不能", "只能删除本单位" }.Any(w => message.Contains(w, StringComparison.Ordinal));
}
