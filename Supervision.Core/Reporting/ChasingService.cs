using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Reporting;

/// <summary>When the automatic chasing speaks up (configuration section "Chasing").</summary>
public sealed class ChasingOptions
{
    /// <summary>Days before a report's due date from which 时限提醒 is sent. Default 3.</summary>
    public int ReportReminderDays { get; set; } = 3;

    /// <summary>Days before a task's deadline from which 时限提醒 is sent. Default 7.</summary>
    public int DeadlineReminderDays { get; set; } = 7;

    /// <summary>How far back overdue reports are still urged automatically; older gaps are the inspector's call. Default 31.</summary>
    public int UrgeWindowDays { get; set; } = 31;

    /// <summary>Days a 催办单 (automatic or by an inspector) gives the unit to reply; the form states the date. Default 3.</summary>
    public int UrgeReplyDays { get; set; } = 3;

    /// <summary>How often the background job runs. Default 30 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>What one chasing run did.</summary>
public sealed record ChasingResult(int Reminders, int Urges, int OverdueOrders);

/// <summary>
/// The automatic rungs of the ladder: 时限提醒 before report due dates and deadlines, 催办 once a report is
/// overdue (past its grace days) or a deadline has passed, and a note to the office when a 督办单 runs out.
/// Idempotent: every message has a key, so running twice (or on two instances) sends it once. What it sends are
/// notifications and rungs on the task's ladder, not audit events (see <see cref="ChaseRecord"/>).
/// </summary>
public sealed class ChasingService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock, IOptions<RuleThresholds> thresholds, IOptions<ChasingOptions> options)
{
    public async Task<ChasingResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.DateOf(now);
        var o = options.Value;
        var grace = thresholds.Value.ReportGraceDays;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tasks = await db.Tasks
            .Where(t => t.State == TaskState.Assigned || t.State == TaskState.InProgress)
            .Where(t => t.Start <= today.AddDays(o.DeadlineReminderDays + 40))
            .ToListAsync(ct);
        var ids = tasks.Select(t => t.Id).ToList();
        var submitted = (await db.Reports.AsNoTracking().Where(r => ids.Contains(r.TaskId) && r.FirstSubmittedAt != null)
            .Select(r => new { r.TaskId, r.PeriodKey }).ToListAsync(ct))
            .Select(r => (r.TaskId, r.PeriodKey)).ToHashSet();

        var candidates = new List<(string Key, ChaseLevel Level, NotificationEvent Event, NotificationFacts Facts)>();
        foreach (var task in tasks)
        {
            foreach (var p in ReportSchedule.OwedPeriods(task))
            {
                if (submitted.Contains((task.Id, p.Key)))
                    continue;
                var daysLeft = p.DueDate.DayNumber - today.DayNumber;
                if (daysLeft >= 0 && daysLeft <= o.ReportReminderDays && p.Start <= today)
                {
                    candidates.Add(($"remind:report:{task.Id}:{p.Key}", ChaseLevel.Reminder, NotificationEvent.ReportDueSoon,
                        new(task) { PeriodKey = p.Key, PeriodLabel = p.Label, Date = p.DueDate, DaysLeft = daysLeft }));
                }

                var overdue = today.DayNumber - p.DueDate.AddDays(grace).DayNumber;
                if (overdue > 0 && today.DayNumber - p.DueDate.DayNumber <= o.UrgeWindowDays)
                {
                    candidates.Add(($"urge:report:{task.Id}:{p.Key}", ChaseLevel.Urge, NotificationEvent.ReportOverdue,
                        new(task) { PeriodKey = p.Key, PeriodLabel = p.Label, Date = p.DueDate }));
                }
            }

            var toDeadline = task.Deadline.DayNumber - today.DayNumber;
            if (toDeadline >= 0 && toDeadline <= o.DeadlineReminderDays)
            {
                candidates.Add(($"remind:deadline:{task.Id}:{task.Deadline:yyyyMMdd}", ChaseLevel.Reminder, NotificationEvent.DeadlineNear,
                    new(task) { Date = task.Deadline, DaysLeft = toDeadline }));
            }
            else if (toDeadline < 0)
            {
                candidates.Add(($"urge:deadline:{task.Id}:{task.Deadline:yyyyMMdd}", ChaseLevel.Urge, NotificationEvent.DeadlinePassed,
                    new(task) { Date = task.Deadline }));
            }
        }

        var orders = await db.Set<ChaseRecord>().AsNoTracking()
            .Where(c => c.Level == ChaseLevel.SupervisionOrder && c.Deadline < today && ids.Contains(c.TaskId))
            .Select(c => new { c.Id, c.TaskId, c.Number, c.Deadline }).ToListAsync(ct);

        var keys = candidates.Select(c => c.Key).Concat(orders.Select(o => $"order-overdue:{o.Id}")).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            var found = await db.Set<Notification>().AsNoTracking().Where(n => n.DedupKey != null && chunk.Contains(n.DedupKey)).Select(n => n.DedupKey!).ToListAsync(ct);
            existing.UnionWith(found);
        }

        int reminders = 0, urges = 0, overdueOrders = 0;
        var sending = candidates.Where(c => !existing.Contains(c.Key)).ToList();
        // The 催办单 numbers of this run are taken from the year's counter in the same transaction as the records.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var urgeCount = sending.Count(c => c.Level == ChaseLevel.Urge);
        var nextUrge = urgeCount == 0 ? 0 : await FollowUpCommands.NextAsync(db, UrgeCounter(today.Year), ct, urgeCount) - urgeCount + 1;
        foreach (var c in sending)
        {
            var urge = c.Level == ChaseLevel.Urge;
            var number = urge ? UrgeNumber(today.Year, nextUrge++) : null;
            // The ladder's rung keeps the words the unit is sent.
            var facts = c.Facts with { DedupKey = c.Key };
            db.Add(ChaseRecord.Automatic(facts.Task, c.Level, NotificationRules.Words(c.Event, facts).Body, facts.PeriodKey, c.Key, now, number, urge ? today.AddDays(o.UrgeReplyDays) : null));
            db.AddRange(NotificationRules.For(c.Event, facts, now));
            if (c.Level == ChaseLevel.Reminder)
                reminders++;
            else
                urges++;
        }

        var byId = tasks.ToDictionary(t => t.Id);
        foreach (var order in orders.Where(o => !existing.Contains($"order-overdue:{o.Id}")))
        {
            var task = byId[order.TaskId];
            db.AddRange(NotificationRules.For(NotificationEvent.OrderOverdue, new(task) { Number = order.Number ?? "", Date = order.Deadline!.Value, DedupKey = $"order-overdue:{order.Id}" }, now));
            overdueOrders++;
        }

        if (reminders + urges + overdueOrders == 0)
            return new ChasingResult(0, 0, 0);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Another instance sent the same messages a moment ago; its run counts, this one is dropped whole.
            return new ChasingResult(0, 0, 0);
        }

        return new ChasingResult(reminders, urges, overdueOrders);
    }

    /// <summary>The counter of a year's 催办单 numbers.</summary>
    internal static string UrgeCounter(int year) => $"CB-{year}";

    /// <summary>催办〔2026〕7号.</summary>
    internal static string UrgeNumber(int year, int sequence) => $"催办〔{year}〕{sequence}号";
}
