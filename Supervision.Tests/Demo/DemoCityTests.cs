using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Data;
using Supervision.Core.Demo;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Tests.Demo;

/// <summary>The demo city seeded once as of 2026年11月20日 10:00 (China time), shared by the read-only tests.</summary>
public sealed class SeededCityFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    public TestDatabase Db { get; private set; } = default!;

    public FakeTimeProvider Clock { get; } = new(Now);

    public DemoSeedResult Result { get; private set; } = default!;

    public DateOnly Today => ChinaTime.Today(Clock);

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        Result = await DemoCity.SeedAsync(Db, Clock) ?? throw new InvalidOperationException("An empty database was not seeded.");
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}

public sealed class DemoCityTests(SeededCityFixture city) : IClassFixture<SeededCityFixture>
{
    private static readonly Actor _office = new("test", "测试", new HashSet<string> { Roles.Admin }, null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SupervisionDbContext Context() => city.Db.CreateDbContext();

    private static async Task<List<ProgressReport>> ReportsAsync(SupervisionDbContext db) =>
        await db.Reports.AsNoTracking().Include(r => r.Revisions).ThenInclude(v => v.Steps).OrderBy(r => r.Id).ToListAsync(Ct);

    [Fact]
    public async Task Seeds_a_fictional_city_with_counties_departments_zones_leaders_and_categories()
    {
        await using var db = Context();
        var units = await db.Units.AsNoTracking().Include(u => u.Aliases).ToListAsync(Ct);
        var leaders = await db.Leaders.AsNoTracking().Include(l => l.Oversees).ToListAsync(Ct);

        Assert.Equal("澜江市", city.Result.CityName);
        Assert.InRange(units.Count, 38, 45);
        Assert.Equal(8, units.Count(u => u.Kind == UnitKind.County));
        Assert.InRange(units.Count(u => u.Kind == UnitKind.Department), 25, 30);
        Assert.InRange(units.Count(u => u.Kind == UnitKind.DevelopmentZone), 2, 3);
        Assert.InRange(units.Count(u => u.Kind == UnitKind.Other), 1, 2);
        Assert.Contains(units, u => u.Name == "市发展和改革委员会" && u.ShortName == "市发展改革委" && u.Aliases.Any(a => a.Name == "市发改委"));
        Assert.Contains(units, u => u.Name == "市住房和城乡建设局" && u.ShortName == "市住建局");
        Assert.Contains(units, u => u.Name == "市人力资源和社会保障局" && u.ShortName == "市人社局");
        Assert.All(units, u => Assert.NotEmpty(u.Aliases));

        Assert.Equal(12, leaders.Count);
        Assert.Single(leaders, l => l.Title == "市长");
        Assert.Single(leaders, l => l.Title == "常务副市长");
        Assert.True(leaders.Count(l => l.Title.StartsWith("副市长", StringComparison.Ordinal)) >= 8);
        Assert.Contains(leaders, l => l.Title == "市政府秘书长");
        Assert.All(leaders, l => Assert.NotEmpty(l.Oversees));
        var overseen = leaders.SelectMany(l => l.Oversees).Select(o => o.UnitId).ToHashSet();
        Assert.All(units, u => Assert.Contains(u.Id, overseen));

        var categories = await db.Categories.AsNoTracking().Where(c => c.Year == 2026).OrderBy(c => c.SortOrder).Select(c => c.Name).ToListAsync(Ct);
        Assert.Equal(10, categories.Count);
        Assert.Equal("主要经济指标", categories[0]);
        Assert.Contains("民生实事", categories);
    }

    [Fact]
    public async Task Seeds_about_ninety_annual_tasks_with_eight_main_indicators_and_ten_livelihood_projects()
    {
        await using var db = Context();
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, Ct);
        var annual = await db.Tasks.AsNoTracking().Include(t => t.Milestones).Include(t => t.AssistingUnits)
            .Where(t => t.Source == TaskSource.AnnualKeyWork).ToListAsync(Ct);

        Assert.InRange(annual.Count, 85, 95);
        var indicators = annual.Where(t => categories[t.CategoryId!.Value] == "主要经济指标").ToList();
        Assert.Equal(8, indicators.Count);
        Assert.All(indicators, t => Assert.Equal(IndicatorMeasure.Rate, t.Indicator!.Measure));
        Assert.Single(indicators, t => t.Indicator!.Direction == IndicatorDirection.LowerIsBetter);
        Assert.Contains(annual, t => t.Indicator is { Measure: IndicatorMeasure.Cumulative, UnitOfMeasure: "人" });
        Assert.InRange(annual.Count(t => categories[t.CategoryId!.Value] == "民生实事"), 9, 11);
        Assert.All(categories.Values, name => Assert.Contains(annual, t => categories[t.CategoryId!.Value] == name));

        Assert.InRange(annual.Count(t => t.Milestones.Count > 0), annual.Count / 4, annual.Count / 2);
        Assert.True(annual.Count(t => t.ReportCycle == ReportCycle.Monthly) > annual.Count * 2 / 3);
        Assert.Contains(annual, t => t.ReportCycle == ReportCycle.Quarterly);
        Assert.True(annual.Count(t => t.Deadline == new DateOnly(2026, 12, 31)) > annual.Count * 2 / 3);
        Assert.Contains(annual, t => t.Deadline == new DateOnly(2026, 6, 30) && t.DeadlineText == "6月底前");
        Assert.Contains(annual, t => t.Deadline == new DateOnly(2026, 9, 30));
        Assert.All(annual, t =>
        {
            Assert.Equal(new DateOnly(2026, 1, 1), t.Start);
            Assert.NotNull(t.ResponsibleLeaderId);
            Assert.False(string.IsNullOrWhiteSpace(t.DeadlineText));
            Assert.InRange(t.AssistingUnits.Count, 0, 4);
            Assert.DoesNotContain(t.AssistingUnits, a => a.UnitId == t.LeadUnitId);
        });
    }

    [Fact]
    public async Task Seeds_leader_instructions_meeting_decisions_and_agreements_with_their_details()
    {
        await using var db = Context();
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Source != TaskSource.AnnualKeyWork).ToListAsync(Ct);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, Ct);

        var instructions = tasks.Where(t => t.Source == TaskSource.LeaderInstruction).ToList();
        Assert.InRange(instructions.Count, 5, 8);
        Assert.All(instructions, t =>
        {
            Assert.NotNull(t.Instruction);
            Assert.False(string.IsNullOrWhiteSpace(t.Instruction!.LeaderName));
            Assert.False(string.IsNullOrWhiteSpace(t.Instruction.Text));
            Assert.False(string.IsNullOrWhiteSpace(t.Instruction.DocumentTitle));
            Assert.Contains("〔2026〕", t.Instruction.DocumentNumber, StringComparison.Ordinal);
            Assert.True(t.Instruction.InstructedOn < ChinaTime.DateOf(t.RegisteredAt) || t.Instruction.InstructedOn == ChinaTime.DateOf(t.RegisteredAt).AddDays(-1));
        });

        var meetings = tasks.Where(t => t.Source == TaskSource.MeetingDecision).ToList();
        Assert.Equal(6, meetings.Count);
        Assert.Equal(2, meetings.Select(t => t.Meeting!.MeetingName).Distinct().Count());
        Assert.All(meetings.GroupBy(t => t.Meeting!.MeetingName), g => Assert.True(g.Count() >= 2));

        var agreements = tasks.Where(t => t.Source == TaskSource.SpecialWork).ToList();
        Assert.Equal(4, agreements.Count);
        Assert.All(agreements, t =>
        {
            Assert.Contains("责任书", t.Agreement!.AgreementName, StringComparison.Ordinal);
            Assert.Equal(UnitKind.County, units[t.LeadUnitId].Kind);
            Assert.Equal(units[t.LeadUnitId].Name, t.Agreement.Counterpart);
        });
    }

    [Fact]
    public async Task Task_numbers_are_unique_and_contiguous_per_source_and_the_sequences_continue_after_them()
    {
        await using var db = Context();
        var tasks = await db.Tasks.AsNoTracking().Select(t => new { t.Source, t.Number, t.Sequence, t.Year }).ToListAsync(Ct);
        var sequences = await db.NumberSequences.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Last, Ct);

        Assert.Equal(tasks.Count, tasks.Select(t => t.Number).Distinct().Count());
        foreach (var source in Enum.GetValues<TaskSource>())
        {
            var mine = tasks.Where(t => t.Source == source).OrderBy(t => t.Sequence).ToList();
            Assert.NotEmpty(mine);
            Assert.Equal(Enumerable.Range(1, mine.Count), mine.Select(t => t.Sequence));
            Assert.All(mine, t => Assert.Equal($"2026-{DisplayNames.CodeOf(source)}-{t.Sequence:000}", t.Number));
            Assert.Equal(mine.Count, sequences[TaskNumbers.SequenceKey(2026, source)]);
        }

        var notices = await db.Notices.AsNoTracking().OrderBy(n => n.IssuedAt).ThenBy(n => n.Id).ToListAsync(Ct);
        Assert.Equal(tasks.Count, notices.Count);
        Assert.Equal(notices.Count, notices.Select(n => n.TaskId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, notices.Count).Select(i => $"督通〔2026〕{i}号"), notices.Select(n => n.Number));
        Assert.Equal(notices.Count, sequences[TaskNumbers.NoticeSequenceKey(2026)]);
    }

    [Fact]
    public async Task Notices_go_to_lead_and_assisting_units_and_all_but_the_newest_are_signed_for()
    {
        await using var db = Context();
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.AssistingUnits).ToDictionaryAsync(t => t.Id, Ct);
        var notices = await db.Notices.AsNoTracking().Include(n => n.Receipts).ToListAsync(Ct);

        Assert.All(notices, n =>
        {
            var task = tasks[n.TaskId];
            Assert.Equal(task.AssignedAt, n.IssuedAt);
            Assert.Equal(1 + task.AssistingUnits.Count, n.Receipts.Count);
            Assert.Single(n.Receipts, r => r.IsLead && r.UnitId == task.LeadUnitId);
            Assert.All(n.Receipts.Where(r => r.AcknowledgedAt is not null), r => Assert.True(r.AcknowledgedAt > n.IssuedAt));
        });

        var waiting = tasks.Values.Where(t => t.State == TaskState.Assigned).ToList();
        Assert.InRange(waiting.Count, 2, 3);
        Assert.All(waiting, t => Assert.True(t.AssignedAt > SeededCityFixture.Now.UtcDateTime.AddDays(-7)));
        Assert.All(notices.Where(n => tasks[n.TaskId].State != TaskState.Assigned), n => Assert.NotNull(n.Receipts.Single(r => r.IsLead).AcknowledgedAt));
        Assert.True(notices.SelectMany(n => n.Receipts).Count(r => r.AcknowledgedAt is not null) > notices.Count * 2);
    }

    [Fact]
    public async Task Exactly_one_task_is_cancelled_because_of_a_policy_change()
    {
        await using var db = Context();
        var cancelled = await db.Tasks.AsNoTracking().Where(t => t.State == TaskState.Cancelled).ToListAsync(Ct);

        var task = Assert.Single(cancelled);
        Assert.Contains("因政策调整", task.CancelReason, StringComparison.Ordinal);
        Assert.Equal(5, ChinaTime.DateOf(task.CancelledAt!.Value).Month);
        var reports = await db.Reports.AsNoTracking().Where(r => r.TaskId == task.Id).ToListAsync(Ct);
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.True(r.FirstSubmittedAt < task.CancelledAt));
    }

    [Fact]
    public async Task Some_tasks_were_closed_out_after_reaching_full_progress()
    {
        await using var db = Context();
        var closed = await db.Tasks.AsNoTracking().Where(t => t.State == TaskState.Closed).ToListAsync(Ct);
        var reports = await ReportsAsync(db);

        Assert.True(closed.Count >= 5);
        Assert.Contains(closed, t => ChinaTime.DateOf(t.ClosedAt!.Value) < t.Deadline.AddDays(-30));
        Assert.All(closed, t =>
        {
            var last = reports.Where(r => r.TaskId == t.Id).OrderBy(r => r.PeriodEnd).Last().AcceptedRevision!;
            Assert.Equal(100m, last.ProgressPercent);
            Assert.True(last.DecidedAt < t.ClosedAt);
        });
    }

    [Fact]
    public async Task Some_reports_were_returned_with_a_reason_and_accepted_after_correction()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);

        var corrected = reports.Where(r => r.Revisions.Any(v => v.State == RevisionState.Returned) && r.Current.State == RevisionState.Accepted).ToList();
        Assert.InRange(corrected.Count, 6, 12);
        Assert.All(corrected, r =>
        {
            var returned = r.Revisions.Single(v => v.State == RevisionState.Returned);
            Assert.False(string.IsNullOrWhiteSpace(returned.Steps.Single(s => s.Action == ReportStepAction.Returned).Comment));
            Assert.NotEqual(returned.Progress, r.Current.Progress);
        });
        Assert.Contains(reports, r => r.Revisions.Count > 1 && r.Current.State != RevisionState.Accepted);
        Assert.Contains(reports, r => r.Revisions.SelectMany(v => v.Steps).Any(s => s.Action == ReportStepAction.RejectedInUnit));
        Assert.Equal(city.Result.Counts.ReturnedRevisions, reports.Sum(r => r.Revisions.Count(v => v.State == RevisionState.Returned)));
    }

    [Fact]
    public async Task Every_report_walks_the_review_chain_in_order()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var tasks = await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, Ct);

        Assert.All(reports, report =>
        {
            Assert.Equal(tasks[report.TaskId].LeadUnitId, report.UnitId);
            var revisions = report.Revisions.OrderBy(v => v.Number).ToList();
            Assert.Equal(Enumerable.Range(1, revisions.Count), revisions.Select(v => v.Number));
            Assert.Equal(revisions[0].SubmittedAt, report.FirstSubmittedAt);
            DateTime? previousEnd = null;
            for (var i = 0; i < revisions.Count; i++)
            {
                var revision = revisions[i];
                var steps = revision.Steps.OrderBy(s => s.Id).ToList();
                Assert.Equal(ReportStepAction.Drafted, steps[0].Action);
                Assert.Equal(revision.CreatedAt, steps[0].At);
                Assert.True(previousEnd is null || steps[0].At >= previousEnd);
                var state = RevisionState.Draft;
                for (var s = 1; s < steps.Count; s++)
                {
                    Assert.True(steps[s].At >= steps[s - 1].At, $"{report.Id} r{revision.Number}: steps out of order");
                    state = Next(state, steps[s].Action);
                }

                Assert.Equal(revision.State, state);
                if (revision.SubmittedAt is { } submitted)
                    Assert.Equal(steps.Last(s => s.Action == ReportStepAction.ApprovedByPrincipal).At, submitted);
                if (revision.DecidedAt is { } decided)
                {
                    Assert.True(revision.SubmittedAt <= decided);
                    Assert.Equal(steps[^1].At, decided);
                }

                if (revision.State is RevisionState.Accepted)
                    Assert.Equal(ReportStepAction.Accepted, steps[^1].Action);
                if (i < revisions.Count - 1)
                    Assert.Equal(RevisionState.Returned, revision.State);
                previousEnd = steps[^1].At;
            }
        });
    }

    private static RevisionState Next(RevisionState state, ReportStepAction action) => (state, action) switch
    {
        (RevisionState.Draft, ReportStepAction.SentForReview) => RevisionState.AwaitingSupervisor,
        (RevisionState.AwaitingSupervisor, ReportStepAction.ApprovedBySupervisor) => RevisionState.AwaitingPrincipal,
        (RevisionState.AwaitingSupervisor or RevisionState.AwaitingPrincipal, ReportStepAction.RejectedInUnit) => RevisionState.Draft,
        (RevisionState.AwaitingPrincipal, ReportStepAction.ApprovedByPrincipal) => RevisionState.Submitted,
        (RevisionState.Submitted, ReportStepAction.Accepted) => RevisionState.Accepted,
        (RevisionState.Submitted, ReportStepAction.Returned) => RevisionState.Returned,
        _ => throw new Xunit.Sdk.XunitException($"{action} is not allowed in state {state}"),
    };

    [Fact]
    public async Task The_people_in_the_chain_are_the_lead_units_staff_and_the_inspectors()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var unitCodes = city.Result.DemoUnits.ToDictionary(u => u.Id, u => u.Code);

        Assert.All(reports.SelectMany(r => r.Revisions.SelectMany(v => v.Steps)), step =>
        {
            var expected = step.Action switch
            {
                ReportStepAction.SentForReview => ".operator",
                ReportStepAction.ApprovedBySupervisor or ReportStepAction.RejectedInUnit => ".supervisor",
                ReportStepAction.ApprovedByPrincipal => ".principal",
                ReportStepAction.Accepted or ReportStepAction.Returned => null,
                _ => "",
            };
            if (expected is null)
                Assert.StartsWith("inspector", step.ActorId, StringComparison.Ordinal);
            else
                Assert.EndsWith(expected, step.ActorId, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(step.ActorName));
        });

        var fgw = city.Result.DemoUnits.Single(u => u.Code == "fgw");
        var fgwSteps = reports.Where(r => r.UnitId == fgw.Id).SelectMany(r => r.Revisions.SelectMany(v => v.Steps)).ToList();
        Assert.Contains(fgwSteps, s => s.ActorId == "fgw.operator" && s.ActorName == fgw.OperatorName);
        Assert.Contains(fgwSteps, s => s.ActorId == "fgw.supervisor" && s.ActorName == fgw.SupervisorName);
        Assert.Contains(fgwSteps, s => s.ActorId == "fgw.principal" && s.ActorName == fgw.PrincipalName);
        Assert.Contains(reports.SelectMany(r => r.Revisions.SelectMany(v => v.Steps)), s => s.ActorId == "inspector" && s.ActorName == "赵文清");
        Assert.NotEmpty(unitCodes);
    }

    [Fact]
    public async Task Progress_never_goes_backwards_and_stays_in_range()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var tasks = await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, Ct);

        foreach (var group in reports.GroupBy(r => r.TaskId))
        {
            var task = tasks[group.Key];
            var values = group.OrderBy(r => r.PeriodEnd)
                .Select(r => task.Indicator is null ? r.Current.ProgressPercent : r.Current.IndicatorActual)
                .ToList();
            Assert.All(values, v => Assert.NotNull(v));
            if (task.Indicator is null)
                Assert.All(values, v => Assert.InRange(v!.Value, 0m, 100m));
            if (task.Indicator is null || task.Indicator.Measure == IndicatorMeasure.Cumulative)
            {
                for (var i = 1; i < values.Count; i++)
                    Assert.True(values[i] >= values[i - 1], $"{task.Number}: {values[i - 1]} → {values[i]}");
            }
            else
            {
                Assert.All(values, v => Assert.InRange(v!.Value, 0m, task.Indicator.Target * 1.5m));
            }
        }
    }

    [Fact]
    public async Task Nothing_is_dated_after_the_clock()
    {
        var now = SeededCityFixture.Now.UtcDateTime;
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var tasks = await db.Tasks.AsNoTracking().ToListAsync(Ct);
        var notices = await db.Notices.AsNoTracking().Include(n => n.Receipts).ToListAsync(Ct);
        var checks = await db.SpotChecks.AsNoTracking().ToListAsync(Ct);
        var latestEvent = await db.AuditEvents.MaxAsync(e => e.OccurredAt, Ct);

        Assert.True(latestEvent <= now);
        Assert.All(reports.SelectMany(r => r.Revisions), v =>
        {
            Assert.True(v.CreatedAt <= now);
            Assert.True(v.SubmittedAt is null || v.SubmittedAt <= now);
            Assert.True(v.DecidedAt is null || v.DecidedAt <= now);
            Assert.All(v.Steps, s => Assert.True(s.At <= now));
        });
        Assert.All(tasks, t =>
        {
            Assert.True(t.RegisteredAt <= t.AssignedAt && t.AssignedAt <= now);
            Assert.True(t.ClosedAt is null || t.ClosedAt <= now);
            Assert.True(t.CancelledAt is null || t.CancelledAt <= now);
        });
        Assert.All(notices.SelectMany(n => n.Receipts), r => Assert.True(r.AcknowledgedAt is null || r.AcknowledgedAt <= now));
        Assert.All(checks, c => Assert.True(c.RecordedAt <= now && c.CheckedOn <= city.Today));
    }

    [Fact]
    public async Task Reports_cover_periods_that_have_begun_and_a_running_periods_report_is_still_in_the_chain()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var tasks = await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.Id, Ct);

        Assert.All(reports, r =>
        {
            var task = tasks[r.TaskId];
            var period = Assert.Single(ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle), p => p.Key == r.PeriodKey);
            Assert.Equal(period.DueDate, r.DueDate);
            Assert.True(period.Start < city.Today);
            // A unit drafting the running month's report early is believable; one already decided is not.
            if (task.ReportCycle != ReportCycle.Once && r.PeriodEnd >= city.Today)
                Assert.DoesNotContain(r.Revisions, v => v.State is RevisionState.Accepted or RevisionState.Returned);
        });
    }

    [Fact]
    public async Task A_believable_share_of_reports_is_late_and_a_few_are_missing()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var counts = city.Result.Counts;

        var late = reports.Count(r => r.FirstSubmittedAt is { } s && ChinaTime.DateOf(s) > r.DueDate.AddDays(3));
        Assert.Equal(counts.LateReports, late);
        Assert.InRange(late, reports.Count * 2 / 100, reports.Count * 10 / 100);
        Assert.InRange(counts.MissingReports, 2, 8);
        var onTime = reports.Count(r => r.FirstSubmittedAt is { } s && ChinaTime.DateOf(s) <= r.DueDate);
        Assert.True(onTime > reports.Count * 8 / 10);
    }

    [Fact]
    public async Task The_result_counts_match_the_database()
    {
        await using var db = Context();
        var counts = city.Result.Counts;

        Assert.Equal(counts.Units, await db.Units.CountAsync(Ct));
        Assert.Equal(counts.Leaders, await db.Leaders.CountAsync(Ct));
        Assert.Equal(counts.Categories, await db.Categories.CountAsync(Ct));
        Assert.Equal(counts.Tasks, await db.Tasks.CountAsync(Ct));
        Assert.Equal(counts.AnnualTasks, await db.Tasks.CountAsync(t => t.Source == TaskSource.AnnualKeyWork, Ct));
        Assert.Equal(counts.Notices, await db.Notices.CountAsync(Ct));
        Assert.Equal(counts.Reports, await db.Reports.CountAsync(Ct));
        Assert.Equal(counts.Revisions, await db.Set<ReportRevision>().CountAsync(Ct));
        Assert.Equal(counts.SpotChecks, await db.SpotChecks.CountAsync(Ct));
        Assert.Equal(new DateOnly(2026, 11, 20), city.Result.AsOf);
        Assert.Equal(2026, city.Result.Year);
        Assert.InRange(counts.Reports, 600, 1000);
    }

    [Fact]
    public async Task Each_demo_unit_has_work_waiting_for_its_people_and_the_inspector_has_a_queue()
    {
        await using var db = Context();
        var reports = await ReportsAsync(db);
        var units = city.Result.DemoUnits;

        Assert.Equal(["fgw", "landong", "gxq"], units.Select(u => u.Code));
        Assert.Equal([UnitKind.Department, UnitKind.County, UnitKind.DevelopmentZone], units.Select(u => u.Kind));
        var names = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, Ct);
        Assert.All(units, u => Assert.Equal(names[u.Id], u.Name));

        var fgw = reports.Where(r => r.UnitId == units[0].Id).Select(r => r.Current.State).ToList();
        Assert.Contains(RevisionState.AwaitingSupervisor, fgw);
        Assert.Contains(RevisionState.AwaitingPrincipal, fgw);
        Assert.Contains(RevisionState.Submitted, fgw);
        Assert.Contains(reports, r => r.UnitId == units[0].Id && r.Current.State == RevisionState.Draft && r.Revisions.Count > 1);
        Assert.True(await db.Tasks.CountAsync(t => t.LeadUnitId == units[0].Id, Ct) >= 8);
        foreach (var unit in units.Skip(1))
        {
            var states = reports.Where(r => r.UnitId == unit.Id).Select(r => r.Current.State).ToList();
            Assert.Contains(states, s => s is RevisionState.Draft or RevisionState.AwaitingSupervisor or RevisionState.AwaitingPrincipal);
            Assert.Contains(RevisionState.Submitted, states);
        }

        Assert.True(reports.Count(r => r.Current.State == RevisionState.Submitted) >= 5);
        Assert.Contains(await db.Tasks.AsNoTracking().Select(t => t.State).ToListAsync(Ct), s => s == TaskState.CompletionRequested || s == TaskState.Closed);
    }

    [Fact]
    public async Task Spot_checks_confirm_most_results_and_catch_one_false_report()
    {
        await using var db = Context();
        var checks = await db.SpotChecks.AsNoTracking().ToListAsync(Ct);
        var reports = await ReportsAsync(db);

        Assert.InRange(checks.Count, 3, 5);
        Assert.Single(checks, c => c.Result == SpotCheckResult.False);
        Assert.True(checks.Count(c => c.Result == SpotCheckResult.Confirmed) >= 2);
        Assert.True(checks.Select(c => c.Method).Distinct().Count() >= 3);
        Assert.All(checks, c =>
        {
            var report = reports.Single(r => r.Id == c.ReportId);
            var revision = report.Revisions.Single(v => v.Number == c.RevisionNumber);
            Assert.Equal(RevisionState.Accepted, revision.State);
            Assert.True(ChinaTime.DateOf(revision.DecidedAt!.Value) < c.CheckedOn);
            Assert.Equal(report.UnitId, c.UnitId);
        });
    }

    [Fact]
    public async Task The_traffic_lights_show_a_believable_mix()
    {
        await using var db = Context();
        var rows = (await YearFactsQuery.LoadAsync(db, 2026, Ct)).Tasks;
        var evaluations = rows.Select(r => (Row: r, Eval: TaskRules.Evaluate(r.Facts, city.Today, RuleThresholds.Default))).ToList();
        var lights = evaluations.GroupBy(e => e.Eval.Light).ToDictionary(g => g.Key, g => g.Count());
        var open = rows.Count - lights.GetValueOrDefault(TrafficLight.Done) - lights.GetValueOrDefault(TrafficLight.Cancelled);

        Assert.True(lights[TrafficLight.Green] > open / 2, Summary(lights));
        Assert.InRange(lights[TrafficLight.Yellow], open / 10, open / 3);
        Assert.InRange(lights[TrafficLight.Red], 5, 9);
        Assert.True(lights[TrafficLight.Done] >= 5, Summary(lights));
        Assert.Equal(1, lights[TrafficLight.Cancelled]);
        Assert.Contains(evaluations, e => e.Eval.Cause == LightCause.MilestoneMissed);
        Assert.Contains(evaluations, e => e.Eval.Cause == LightCause.PastDeadline);
        Assert.Contains(evaluations, e => e.Eval.Cause == LightCause.ReportOverdue);

        var indicators = evaluations.Where(e => e.Row.Facts.Indicator is { Measure: IndicatorMeasure.Rate }).ToList();
        Assert.Equal(8, indicators.Count);
        Assert.InRange(indicators.Count(e => TaskRules.IndicatorOnSchedule(e.Eval) == true), 2, 5);
    }

    private static string Summary(Dictionary<TrafficLight, int> lights) => string.Join(", ", lights.Select(l => $"{l.Key}={l.Value}"));
}

/// <summary>Tests that need their own, fresh databases.</summary>
public sealed class DemoCityFreshDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static FakeTimeProvider Clock(int year, int month, int day, int hour = 2, int minute = 0) =>
        new(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    [Fact]
    public async Task Two_fresh_databases_seeded_with_the_same_clock_hold_identical_data()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();

        var a = await DemoCity.SeedAsync(first, Clock(2026, 9, 8), Ct);
        var b = await DemoCity.SeedAsync(second, Clock(2026, 9, 8), Ct);

        Assert.Equal(a!.Counts, b!.Counts);
        Assert.Equal(a.DemoUnits, b.DemoUnits);
        Assert.Equal(await SnapshotAsync(first), await SnapshotAsync(second));
    }

    private static async Task<List<string>> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var lines = new List<string>();
        lines.AddRange(await db.Tasks.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => $"{t.Id}|{t.Number}|{t.Title}|{t.State}|{t.RegisteredAt:O}|{t.AssignedAt:O}|{t.ClosedAt:O}|{t.CancelReason}|{t.ResponsibleLeaderId}|{t.LeadUnitId}")
            .ToListAsync(Ct));
        var reports = await db.Reports.AsNoTracking().Include(r => r.Revisions).ThenInclude(v => v.Steps).OrderBy(r => r.Id).ToListAsync(Ct);
        foreach (var r in reports)
        {
            lines.Add($"{r.Id}|{r.TaskId}|{r.PeriodKey}|{r.FirstSubmittedAt:O}");
            foreach (var v in r.Revisions.OrderBy(v => v.Number))
            {
                lines.Add($"  {v.Id}|{v.Number}|{v.State}|{v.Progress}|{v.Problems}|{v.NextSteps}|{v.ProgressPercent}|{v.IndicatorActual}|{v.SubmittedAt:O}|{v.DecidedAt:O}");
                lines.AddRange(v.Steps.OrderBy(s => s.Id).Select(s => $"    {s.Id}|{s.Action}|{s.ActorId}|{s.ActorName}|{s.At:O}|{s.Comment}"));
            }
        }

        lines.AddRange(await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => $"{e.Id}|{e.OccurredAt:O}|{e.Action}|{e.Summary}|{e.ActorId}|{e.EntityType}|{e.EntityId}|{e.TaskId}")
            .ToListAsync(Ct));
        lines.AddRange(await db.Notices.AsNoTracking().OrderBy(n => n.Id).Select(n => $"{n.Id}|{n.Number}|{n.TaskId}|{n.IssuedAt:O}").ToListAsync(Ct));
        lines.AddRange(await db.SpotChecks.AsNoTracking().OrderBy(c => c.Id).Select(c => $"{c.Id}|{c.ReportId}|{c.Result}|{c.CheckedOn}").ToListAsync(Ct));
        return lines;
    }

    [Fact]
    public async Task Never_writes_into_a_database_that_already_has_data()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Units.Add(new Unit("既有单位", UnitKind.Department, 1));
            await db.SaveChangesAsync(Ct);
        }

        var result = await DemoCity.SeedAsync(database, Clock(2026, 11, 20), Ct);

        Assert.Null(result);
        await using var check = database.CreateDbContext();
        Assert.Equal("既有单位", (await check.Units.SingleAsync(Ct)).Name);
        Assert.Equal(0, await check.Leaders.CountAsync(Ct));
        Assert.Equal(0, await check.Categories.CountAsync(Ct));
        Assert.Equal(0, await check.Tasks.CountAsync(Ct));
        Assert.Equal(0, await check.NumberSequences.CountAsync(Ct));
        Assert.Equal(0, await check.AuditEvents.CountAsync(Ct));
    }

    [Fact]
    public async Task A_second_start_finds_the_city_and_seeds_nothing_more()
    {
        await using var database = await TestDatabase.CreateAsync();
        Assert.NotNull(await DemoCity.SeedAsync(database, Clock(2026, 5, 12), Ct));
        int events;
        await using (var db = database.CreateDbContext())
            events = await db.AuditEvents.CountAsync(Ct);

        Assert.Null(await DemoCity.SeedAsync(database, Clock(2026, 6, 12), Ct));

        await using var check = database.CreateDbContext();
        Assert.Equal(events, await check.AuditEvents.CountAsync(Ct));
    }

    [Fact]
    public async Task Two_instances_starting_at_once_seed_the_city_only_once()
    {
        await using var database = await TestDatabase.CreateAsync();

        var results = await Task.WhenAll(
            Task.Run(() => DemoCity.SeedAsync(database, Clock(2026, 4, 20), Ct), Ct),
            Task.Run(() => DemoCity.SeedAsync(database, Clock(2026, 4, 20), Ct), Ct));

        var seeded = Assert.Single(results, r => r is not null);
        await using var db = database.CreateDbContext();
        Assert.Equal(seeded!.Counts.Units, await db.Units.CountAsync(Ct));
        Assert.Equal(seeded.Counts.Tasks, await db.Tasks.CountAsync(Ct));
    }

    [Fact]
    public async Task A_clock_in_march_seeds_only_the_january_and_february_reports()
    {
        await using var march = await TestDatabase.CreateAsync();
        await using var july = await TestDatabase.CreateAsync();

        var early = await DemoCity.SeedAsync(march, Clock(2026, 3, 15), Ct);
        var later = await DemoCity.SeedAsync(july, Clock(2026, 7, 20), Ct);

        await using var db = march.CreateDbContext();
        var periodic = await db.Reports.Where(r => r.PeriodKey != "ONCE").Select(r => r.PeriodKey).Distinct().ToListAsync(Ct);
        Assert.Equal(["2026-01", "2026-02"], periodic.Order().ToArray());
        Assert.True(await db.Reports.Where(r => r.PeriodKey == "ONCE").AllAsync(r => r.DueDate < new DateOnly(2026, 3, 15), Ct));
        Assert.True(early!.Counts.Reports < later!.Counts.Reports / 2);
        Assert.Equal(0, await db.Tasks.CountAsync(t => t.State == TaskState.Cancelled || t.Source == TaskSource.MeetingDecision && t.Meeting!.HeldOn > new DateOnly(2026, 3, 15), Ct));
        Assert.True(await db.Tasks.AllAsync(t => t.Source != TaskSource.LeaderInstruction || t.Instruction!.InstructedOn < new DateOnly(2026, 3, 15), Ct));
        Assert.Equal(early.Counts.Tasks, early.Counts.Notices);
    }

    [Theory]
    [InlineData(2025, 12, 31, 16, 30)] // 1 January, 00:30 in China: the office has not even opened.
    [InlineData(2026, 1, 9, 1, 0)]
    [InlineData(2026, 7, 1, 2, 0)]
    [InlineData(2026, 12, 31, 15, 0)] // 23:00 on New Year's Eve
    public async Task Seeding_works_on_any_day_of_the_year_without_dating_anything_in_the_future(int year, int month, int day, int hour, int minute)
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = Clock(year, month, day, hour, minute);

        var result = await DemoCity.SeedAsync(database, clock, Ct);

        Assert.NotNull(result);
        Assert.Equal(ChinaTime.Today(clock).Year, result.Year);
        Assert.True(result.Counts.AnnualTasks >= 85);
        await using var db = database.CreateDbContext();
        var now = clock.GetUtcNow().UtcDateTime;
        Assert.True(await db.AuditEvents.MaxAsync(e => e.OccurredAt, Ct) <= now);
        Assert.False(await db.Set<ReportStep>().AnyAsync(s => s.At > now, Ct));
        Assert.All(await db.Tasks.Select(t => t.Number).ToListAsync(Ct), n => Assert.StartsWith($"{result.Year}-", n, StringComparison.Ordinal));
    }
}
