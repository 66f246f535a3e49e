using System.Reflection;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Security;

/// <summary>
/// Keeps the authorization matrices complete: every public operation of a service in Supervision.Core or
/// Supervision.Web that takes an <see cref="Actor"/> must be named here with the matrix operations (or the dedicated
/// test) that prove who is refused. A new service method without an entry fails the build's tests.
/// </summary>
public sealed class MatrixCoverageTests
{
    // "Type.Method/n" (n = parameters other than the CancellationToken, so overloads are told apart) → where it is proven.
    private static readonly Dictionary<string, string[]> Coverage = new()
    {
        // 台账 (ledger)
        ["LedgerQueryService.PageAsync/4"] = ["台账查询", nameof(AuthorizationMatrixTests.The_overview_counts_only_the_tasks_the_account_may_see)],
        ["LedgerQueryService.ExportAsync/2"] = ["台账导出"],
        ["LedgerQueryService.ChoicesAsync/2"] = ["筛选选项"],
        ["TaskDetailService.GetAsync/2"] = ["任务详情"],
        ["AssignmentService.AssignAsync/4"] = ["交办"],
        ["AssignmentService.AssignManyAsync/3"] = ["批量交办"],
        ["AssignmentService.AcknowledgeAsync/2"] = ["签收"],
        ["RegistrationService.RegisterAsync/2"] = ["登记任务"],
        ["RegistrationService.LoadForEditAsync/2"] = ["编辑任务读取"],
        ["RegistrationService.UpdateAsync/3"] = ["修改任务"],
        ["TaskImportService.PreviewAsync/5"] = ["导入预览"],
        ["TaskImportService.DirectoryAsync/2"] = ["导入选项"],
        ["TaskImportService.CommitAsync/4"] = ["导入任务"],
        ["UnitDirectoryService.ListAsync/1"] = ["单位名录查看"],
        ["LeaderDirectoryService.ListAsync/1"] = ["市领导名录查看"],
        ["UnitDirectoryService.SaveAsync/3"] = ["修改单位"],
        ["UnitDirectoryService.SetActiveAsync/4"] = ["单位名录维护"],
        ["LeaderDirectoryService.SaveAsync/3"] = ["修改市领导"],
        ["LeaderDirectoryService.SetActiveAsync/4"] = ["停用市领导"],
        ["UnitDirectoryService.SummaryAsync/1"] = ["名录概况"],
        ["CategoryService.YearsAsync/1"] = ["类别年度"],
        ["CategoryService.ListAsync/2"] = ["类别列表"],
        ["CategoryService.SaveAsync/3"] = ["新增类别", "修改类别"],
        ["CategoryService.MoveAsync/4"] = ["调整类别顺序"],
        ["CategoryService.RemoveAsync/3"] = ["删除类别"],
        ["UnitGroupService.ListAsync/1"] = ["单位组查看"],
        ["UnitGroupService.SaveAsync/3"] = ["新增单位组", "修改单位组"],
        ["UnitGroupService.RemoveAsync/3"] = ["删除单位组"],
        ["ImportAliasService.RememberAsync/3"] = ["导入时记住名称"],

        // 看板 and the home counts
        ["DashboardService.GetAsync/2"] = ["看板", nameof(ActionMatrixTests.Unit_pages_dashboard_todo_and_export_show_only_the_units_own_tasks), nameof(AuthorizationMatrixTests.The_overview_counts_only_the_tasks_the_account_may_see)],
        ["PeriodSummaryService.SummarizeAsync/2"] = [nameof(AuthorizationMatrixTests.The_overview_counts_only_the_tasks_the_account_may_see)],

        // 反馈 (the report chain)
        ["ReportQueries.GetAsync/3"] = ["报告期详情"],
        ["ReportQueries.GetByIdAsync/2"] = ["报告详情"],
        ["ReportQueries.PeriodsAsync/2"] = ["报告列表"],
        ["ReportQueries.ListAsync/3"] = ["报告汇总"],
        ["ReportChainService.OpenAsync/4"] = ["起草报告"],
        ["ReportChainService.SaveDraftAsync/4"] = ["修改草稿"],
        ["ReportChainService.SendForReviewAsync/3"] = ["提交审核"],
        ["ReportChainService.ApproveAsync/4"] = ["单位审核"],
        ["ReportChainService.RejectInUnitAsync/4"] = ["单位退回"],
        ["ReportChainService.AcceptAsync/4"] = ["采纳报告"],
        ["ReportChainService.AcceptAsync/5"] = ["采纳报告并更正"],
        ["ReportChainService.ReturnAsync/4"] = ["退回报告"],
        ["ReportChainService.AddContributionAsync/3"] = ["配合补充"],
        ["ReportAttachmentService.AttachAsync/4"] = ["上传附件"],
        ["ReportAttachmentService.RemoveAttachmentAsync/2"] = ["删除附件"],
        ["ReportAttachmentService.OpenAttachmentAsync/2"] = ["附件下载"],
        ["TodoService.ListAsync/1"] = ["待办", nameof(ActionMatrixTests.Unit_pages_dashboard_todo_and_export_show_only_the_units_own_tasks)],

        // 督办 (follow-up)
        ["FollowUpViewService.GetAsync/2"] = ["督办情况"],
        ["EscalationService.IssueOrderAsync/4"] = ["下发督办单"],
        ["EscalationService.EscalateAsync/4"] = ["催办"],
        ["CoordinationService.RaiseCoordinationAsync/5"] = ["申请协调"],
        ["CoordinationService.RouteCoordinationAsync/5"] = ["转办协调"],
        ["CoordinationService.AnswerCoordinationAsync/4"] = ["答复协调"],
        ["ExtensionService.RequestExtensionAsync/4"] = ["申请延期"],
        ["ExtensionService.EndorseExtensionAsync/4"] = ["签署延期"],
        ["ExtensionService.ApproveExtensionAsync/4"] = ["审定延期"],
        ["ExtensionService.RejectExtensionAsync/4"] = ["不同意延期"],
        ["CompletionService.RequestCompletionAsync/5"] = ["申请办结"],
        ["CompletionService.SignOffAsync/3"] = ["销号"],
        ["CompletionService.RejectCompletionAsync/4"] = ["不予销号"],
        ["TaskCancellationService.CancelAsync/4"] = ["取消任务"],
        ["LeaderRemarkService.GiveRemarkAsync/4"] = ["领导批示"],
        ["LeaderRemarkService.RespondRemarkAsync/4"] = ["批示落实"],
        ["SpotCheckService.RecordSpotCheckAsync/9"] = ["抽查核实"],
        ["SpotCheckService.RecordSpotCheckAsync/10"] = ["抽查核实并更正"],

        // 消息 (notifications: scoped to the actor's own audience, there is nothing to refuse, only nothing to leak)
        ["NotificationService.UnreadCountAsync/1"] = [nameof(ActionMatrixTests.A_unit_cannot_mark_another_units_notification_read_and_sees_only_its_own)],
        ["NotificationService.ListAsync/3"] = [nameof(ActionMatrixTests.A_unit_cannot_mark_another_units_notification_read_and_sees_only_its_own)],
        ["NotificationService.MarkReadAsync/2"] = [nameof(ActionMatrixTests.A_unit_cannot_mark_another_units_notification_read_and_sees_only_its_own)],
        ["NotificationService.MarkAllReadAsync/1"] = [nameof(ActionMatrixTests.A_unit_cannot_mark_another_units_notification_read_and_sees_only_its_own)],
        ["NotificationService.WebhookAsync/2"] = ["推送地址查看"],
        ["NotificationService.SetWebhookAsync/5"] = ["推送地址设置"],

        // 报表与通报 (documents)
        ["NoticeDocumentService.PdfAsync/2"] = ["通知单PDF"],
        ["PeriodFiguresService.LoadAsync/2"] = ["期报表"],
        ["CompletionTableService.BuildAsync/2"] = ["完成情况表"],
        ["PeriodCloseService.CloseAsync/2"] = ["关闭报告期"],
        ["BulletinService.GetAsync/2"] = ["通报查看"],
        ["BulletinService.RedraftAsync/2"] = ["通报重新起草"],
        ["BulletinService.SaveDraftAsync/3"] = ["通报草稿保存"],
        ["BulletinService.PdfAsync/3"] = ["通报PDF"],
        ["BulletinService.PreviewAsync/4"] = ["通报预览"],
        ["BulletinService.IssueAsync/3"] = ["通报签发"],
        ["BulletinService.IssuedAsync/2"] = ["已签发文件"],

        // 管理 (accounts, access record, backups, audit record)
        ["UserAdministration.ListAsync/1"] = ["账户列表"],
        ["UserAdministration.UnitsAsync/1"] = ["账户单位选项"],
        ["UserAdministration.CreateAsync/2"] = ["创建账户"],
        ["UserAdministration.ResetPasswordAsync/3"] = ["重置密码"],
        ["UserAdministration.SetDisabledAsync/3"] = ["停用账户"],
        ["UserAdministration.EndSessionsAsync/2"] = ["结束会话"],
        ["AccessAudit.RecentAsync/2"] = ["访问记录"],
        ["AccessRecordService.PageAsync/4"] = ["访问记录查询"],
        ["AccessRecordService.ExportAsync/2"] = ["访问记录导出"],
        ["AccountPasswords.ChangeOwnAsync/4"] = [nameof(ActionMatrixTests.A_password_is_changed_only_for_the_signed_in_account_and_only_with_its_current_password)],
        ["BackupService.CreateAsync/1"] = ["数据库备份"],
        ["BackupService.List/1"] = ["备份列表"],
        ["AuditService.VerifyAsync/1"] = ["审计核验"],
        ["AuditService.CheckpointAsync/1"] = ["审计核验", "审计检查点"],
        ["AuditService.CheckpointsFor/1"] = ["审计检查点列表"],
        ["ChaseDocumentService.PdfAsync/2"] = ["督办单PDF"],
    };

    // Public methods that take an Actor but are not operations a person invokes.
    private static readonly Dictionary<string, string> NotOperations = new()
    {
        ["AccessAudit.RecordAsync/5"] = "writes the access record of what the actor did; it reads and decides nothing",
        ["AccessAudit.RecordFailureAsync/4"] = "writes a refused or failed attempt into the access record; it reads and decides nothing",
        ["TaskDetailData.AwaitsAcknowledgementBy/1"] = "a question asked of a task detail the service already let the actor see",
    };

    [Fact]
    public void Every_public_service_operation_taking_an_actor_is_in_the_matrix()
    {
        var found = Operations().ToList();
        var missing = found.Where(o => !Coverage.ContainsKey(o) && !NotOperations.ContainsKey(o)).ToList();
        Assert.True(missing.Count == 0, "这些操作不在权限矩阵中（请在 AuthorizationMatrixTests/ActionMatrixTests 加行并在此登记）：" + string.Join("、", missing));
        var stale = Coverage.Keys.Concat(NotOperations.Keys).Where(k => !found.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "登记的操作已不存在：" + string.Join("、", stale));
    }

    [Fact]
    public void Every_named_matrix_operation_exists_and_has_a_row_that_is_refused()
    {
        var readRows = AuthorizationMatrixTests.Matrix().Select(r => (r.Data.Item2, r.Data.Item4)).ToList();
        var actionRows = ActionMatrixTests.Matrix().Select(r => (r.Data.Item2, r.Data.Item4)).ToList();
        var tests = typeof(AuthorizationMatrixTests).GetMethods().Concat(typeof(ActionMatrixTests).GetMethods())
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any()).Select(m => m.Name).ToHashSet();
        foreach (var name in Coverage.Values.SelectMany(v => v).Distinct())
        {
            if (tests.Contains(name))
                continue;
            var rows = AuthorizationMatrixTests.Operations.ContainsKey(name) ? readRows
                : ActionMatrixTests.Actions.ContainsKey(name) ? actionRows
                : null;
            Assert.True(rows is not null, $"矩阵中没有名为“{name}”的操作，也没有这样的测试。");
            Assert.True(rows!.Any(r => r.Item1 == name && !r.Item2), $"“{name}”没有一行证明拒绝。");
        }

        // And nothing in the matrices is left unregistered, so the table above stays the index of what is proven.
        var named = Coverage.Values.SelectMany(v => v).ToHashSet();
        var unregistered = AuthorizationMatrixTests.Operations.Keys.Concat(ActionMatrixTests.Actions.Keys).Where(k => !named.Contains(k)).ToList();
        Assert.True(unregistered.Count == 0, "矩阵操作未登记到服务方法：" + string.Join("、", unregistered));
    }

    private static IEnumerable<string> Operations() =>
        new[] { typeof(ReportQueries).Assembly, typeof(UserAdministration).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsPublic && t.IsClass && t.Namespace != typeof(Actor).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetParameters().Any(p => p.ParameterType == typeof(Actor)))
                .Select(m => $"{t.Name}.{m.Name}/{m.GetParameters().Count(p => p.ParameterType != typeof(CancellationToken))}"))
            .Distinct()
            .Order(StringComparer.Ordinal);
}
