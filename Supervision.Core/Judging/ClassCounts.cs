using Supervision.Core.Rules;

namespace Supervision.Core.Judging;

/// <summary>
/// The period classes of a group of tasks, counted the one way every surface states them (seed 002): 重点工作 (tasks
/// without an indicator, and indicator tasks outside the main indicators) 完成 / 部分完成 / 未完成 / 未报送 / 取消, the
/// indicators apart — 完成进度 / 未完成进度 / 暂无数据 / 取消 — each task once; 待交办 and 未到报送期 not counted.
/// </summary>
public sealed record ClassCounts(
    int Completed,
    int Partial,
    int NotCompleted,
    int Unreported,
    int Cancelled,
    int OnSchedule,
    int BehindSchedule,
    int NoData,
    int IndicatorsCancelled,
    int NotCounted)
{
    /// <summary>No task.</summary>
    public static ClassCounts None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>重点工作 counted.</summary>
    public int KeyWork => Completed + Partial + NotCompleted + Unreported + Cancelled;

    /// <summary>Indicators counted.</summary>
    public int Indicators => OnSchedule + BehindSchedule + NoData + IndicatorsCancelled;

    /// <summary>Every counted task.</summary>
    public int Counted => KeyWork + Indicators;

    /// <summary>Every task, counted or not (待交办, 未到报送期).</summary>
    public int Total => Counted + NotCounted;

    /// <summary>重点工作 behind (部分完成 + 未完成): the 通报's "N项进度滞后".</summary>
    public int Lagging => Partial + NotCompleted;

    /// <summary>Counts the classes of <paramref name="tasks"/>: each task's outcome and whether it is a cancelled indicator.</summary>
    public static ClassCounts Of(IEnumerable<(PeriodOutcome Outcome, bool Indicator)> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int completed = 0, partial = 0, notCompleted = 0, unreported = 0, cancelled = 0;
        int onSchedule = 0, behind = 0, noData = 0, indicatorsCancelled = 0, notCounted = 0;
        foreach (var (outcome, indicator) in tasks)
        {
            switch (outcome)
            {
                case PeriodOutcome.Completed: completed++; break;
                case PeriodOutcome.PartiallyCompleted: partial++; break;
                case PeriodOutcome.NotCompleted: notCompleted++; break;
                case PeriodOutcome.Unreported: unreported++; break;
                case PeriodOutcome.Cancelled when indicator: indicatorsCancelled++; break;
                case PeriodOutcome.Cancelled: cancelled++; break;
                case PeriodOutcome.OnSchedule: onSchedule++; break;
                case PeriodOutcome.BehindSchedule: behind++; break;
                case PeriodOutcome.NoData: noData++; break;
                default: notCounted++; break;
            }
        }

        return new ClassCounts(completed, partial, notCompleted, unreported, cancelled, onSchedule, behind, noData, indicatorsCancelled, notCounted);
    }

    /// <summary>Counts the classes of judged tasks.</summary>
    public static ClassCounts Of(IEnumerable<JudgedTask> tasks) => Of(tasks.Select(t => (t.Outcome, t.IsIndicator)));
}
