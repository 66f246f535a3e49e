namespace Supervision.Core.Ledger;

/// <summary>Settings of the ledger (configuration section "Ledger").</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>Days a unit has to acknowledge (签收) a 督查通知单 before the task is flagged as overdue.</summary>
    public int AcknowledgeWithinDays { get; set; } = 3;

    /// <summary>Largest 任务分解表 accepted for import.</summary>
    public long MaxImportBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Most task rows one import may hold.</summary>
    public int MaxImportRows { get; set; } = 5_000;

    /// <summary>Most rows one Excel export writes.</summary>
    public int MaxExportRows { get; set; } = 20_000;
}

/// <summary>Who may do what in the ledger; services check these, pages only use them to hide buttons.</summary>
public static class LedgerAccess
{
    /// <summary>Registering, editing, importing and assigning tasks is the office's work.</summary>
    public static bool CanManageTasks(Domain.Actor actor) => actor.IsIn(Domain.Roles.Admin) || actor.IsIn(Domain.Roles.Inspector);

    /// <summary>The unit directory is the office administrator's.</summary>
    public static bool CanManageDirectory(Domain.Actor actor) => actor.IsIn(Domain.Roles.Admin);

    internal static void RequireManager(Domain.Actor actor)
    {
        if (!CanManageTasks(actor))
            throw new Domain.DomainException("只有督查室管理员和督查员可以登记、修改、导入和交办任务。");
    }
}
