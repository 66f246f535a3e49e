using System.Globalization;

namespace Supervision.Web;

/// <summary>
/// The addresses of the app's pages, built in one place: Core names what a notification, a to-do line or a report
/// concerns (a task, a task's period) and never a page, so a page can move without touching a rule or a stored row.
/// Each method matches the <c>@page</c> template of the page it names.
/// </summary>
public static class Routes
{
    /// <summary>The ledger (台账), <c>Tasks.razor</c>.</summary>
    public const string Ledger = "/tasks";

    /// <summary>The task registration form, <c>TaskRegister.razor</c>.</summary>
    public const string RegisterTask = "/tasks/register";

    /// <summary>The import of a task breakdown sheet, <c>TaskImport.razor</c>.</summary>
    public const string ImportTasks = "/tasks/import";

    /// <summary>The person's to-do list (待办), <c>Todo.razor</c>.</summary>
    public const string Todo = "/todo";

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

    /// <summary>What a notification or a to-do line points at: the period's report when it names one, else the task.</summary>
    public static string Target(int taskId, string? periodKey) => periodKey is null ? Task(taskId) : Report(taskId, periodKey);

    private static string Number(int id) => id.ToString(CultureInfo.InvariantCulture);
}
