using System.Globalization;
using Supervision.Core.Ledger;
using Supervision.Core.Security;

namespace Supervision.Web;

/// <summary>
/// The addresses of the app's pages, built in one place: Core names what a notification, a to-do line or a report
/// concerns (a task, a task's period) and never a page, so a page can move without touching a rule or a stored row.
/// Each method matches the <c>@page</c> template of the page it names; each download's template here is the one its
/// endpoint is mapped with. A view's filter travels in the query string, written and read back in one place
/// (<c>Routes.Filters.cs</c>), so a link, a bookmark and an export of the same view select the same tasks.
/// </summary>
public static partial class Routes
{
    /// <summary>The ledger (台账), <c>Tasks.razor</c>.</summary>
    public const string Ledger = "/tasks";

    /// <summary>The task registration form, <c>TaskRegister.razor</c>.</summary>
    public const string RegisterTask = "/tasks/register";

    /// <summary>The import of a task breakdown sheet, <c>TaskImport.razor</c>.</summary>
    public const string ImportTasks = "/tasks/import";

    /// <summary>The person's to-do list (待办), <c>Todo.razor</c>.</summary>
    public const string Todo = "/todo";

    /// <summary>The unit's progress reports in their review chain (反馈), <c>Feedback.razor</c>.</summary>
    public const string Feedback = "/feedback";

    /// <summary>The office's administration (管理), <c>Admin.razor</c>.</summary>
    public const string Admin = "/admin";

    /// <summary>The notification centre (消息), <c>Notifications.razor</c>.</summary>
    public const string Notifications = "/notifications";

    /// <summary>A task's own page, <c>TaskDetail.razor</c>.</summary>
    public static string Task(int taskId) => "/tasks/" + Number(taskId);

    /// <summary>The edit form of a registered task, <c>TaskRegister.razor</c>.</summary>
    public static string EditTask(int taskId) => Task(taskId) + "/edit";

    /// <summary>One period's progress report (反馈) of a task, <c>ReportEdit.razor</c>.</summary>
    public static string Report(int taskId, string periodKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(periodKey);
        return Task(taskId) + "/reports/" + Uri.EscapeDataString(periodKey);
    }

    /// <summary>The ledger showing exactly <paramref name="filter"/>'s view (a drill-down, a bookmark, the page's own address).</summary>
    public static string LedgerView(LedgerFilter filter) => Ledger + "?" + LedgerQuery(filter);

    /// <summary>The period tables and bulletins (报表), <c>Reports.razor</c>.</summary>
    public const string PeriodDocuments = "/reports";

    /// <summary>A period's 通报 editor, <c>ReportsBulletin.razor</c>.</summary>
    public static string Bulletin(string periodKey) => PeriodDocuments + "/bulletin/" + Uri.EscapeDataString(periodKey);

    /// <summary>What a notification or a to-do line points at: the period's report when it names one, else the task.</summary>
    public static string Target(int taskId, string? periodKey) => periodKey is null ? Task(taskId) : Report(taskId, periodKey);

    /// <summary>Endpoint template of the ledger's Excel export.</summary>
    public const string LedgerExportTemplate = "/tasks/export.xlsx";

    /// <summary>Endpoint template of the task breakdown import template (导入模板).</summary>
    public const string ImportTemplateFile = "/tasks/import-template.xlsx";

    /// <summary>Endpoint template of the access record's Excel export.</summary>
    public const string AccessRecordExportTemplate = "/admin/access.xlsx";

    /// <summary>Endpoint template of a period's completion table (完成情况表).</summary>
    public const string CompletionTableTemplate = "/reports/completion.xlsx";

    /// <summary>Endpoint template of a period's 通报 as PDF.</summary>
    public const string BulletinPdfTemplate = "/reports/bulletin.pdf";

    /// <summary>Endpoint template of an issued document's stored copy.</summary>
    public const string IssuedDocumentTemplate = "/reports/issued/{id:int}";

    /// <summary>Endpoint template of a 交办 notice as PDF.</summary>
    public const string NoticePdfTemplate = "/notices/{id:int}.pdf";

    /// <summary>Endpoint template of a 催办单/督办单 as PDF.</summary>
    public const string ChasePdfTemplate = "/chases/{id:int}.pdf";

    /// <summary>Endpoint template of a stored attachment.</summary>
    public const string AttachmentTemplate = "/files/attachments/{id:int}";

    /// <summary>The ledger's current view as Excel.</summary>
    public static string LedgerExport(LedgerFilter filter) => LedgerExportTemplate + "?" + LedgerQuery(filter);

    /// <summary>The access record's filtered view as Excel.</summary>
    public static string AccessRecordExport(AccessRecordFilter filter) =>
        AccessRecordQuery(filter) is { Length: > 0 } query ? AccessRecordExportTemplate + "?" + query : AccessRecordExportTemplate;

    /// <summary>A period's completion table.</summary>
    public static string CompletionTable(string periodKey) => CompletionTableTemplate + "?period=" + Uri.EscapeDataString(periodKey);

    /// <summary>A period's 通报 as PDF.</summary>
    public static string BulletinPdf(string periodKey) => BulletinPdfTemplate + "?period=" + Uri.EscapeDataString(periodKey);

    /// <summary>An issued document's stored copy.</summary>
    public static string IssuedDocument(int id) => "/reports/issued/" + Number(id);

    /// <summary>A 交办 notice as PDF.</summary>
    public static string NoticePdf(int id) => "/notices/" + Number(id) + ".pdf";

    /// <summary>A 催办单 or 督办单 as PDF.</summary>
    public static string ChasePdf(int id) => "/chases/" + Number(id) + ".pdf";

    /// <summary>A stored attachment.</summary>
    public static string Attachment(int id) => "/files/attachments/" + Number(id);

    private static string Number(int id) => id.ToString(CultureInfo.InvariantCulture);
}
