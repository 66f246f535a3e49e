using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Dashboard;
using Supervision.Core.Demo;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Judging;

/// <summary>
/// The demo city seeded as of 2026年12月20日 10:00 (China time) — every quarter's cut-off but the year's has passed — plus
/// one 年度重点工作 for each case the one-truth rules must get right, and every surface's service over it, built as the
/// web host builds them.
/// </summary>
public sealed class OneTruthFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero));

    public SqliteTestDatabase Db { get; private set; } = default!;

    public DemoSeedResult City { get; private set; } = default!;

    public JudgementService Judgement { get; private set; } = default!;

    public DashboardService Dashboards { get; private set; } = default!;

    public LedgerQueryService Ledger { get; private set; } = default!;

    public PeriodFiguresService Periods { get; private set; } = default!;

    /// <summary>The case tasks by their title.</summary>
    public Dictionary<string, int> Cases { get; } = [];

    /// <summary>Never reports.</summary>
    public const string NoReport = "案例：从未报送进展";

    /// <summary>Its June report (55%) is sent on 7月3日 and accepted on 7月5日.</summary>
    public const string JuneAcceptedInJuly = "案例：六月进展七月五日采纳";

    /// <summary>Its June report is sent on 7月3日, returned on 7月6日, sent again on 7月18日 and accepted on 7月20日.</summary>
    public const string ReturnedAndResent = "案例：六月进展退回后逾期重报";

    /// <summary>A ceiling indicator (城镇调查失业率 within 5.5%) among the main indicators.</summary>
    public const string Ceiling = "案例：城镇调查失业率控制在5.5%以内";

    /// <summary>Cancelled on 8月15日.</summary>
    public const string Cancelled = "案例：八月取消的任务";

    /// <summary>Due 6月30日; on 6月20日 an extension to 9月30日 is approved.</summary>
    public const string Extended = "案例：延期至九月底";

    /// <summary>Registered on 3月1日, assigned (交办) only on 8月1日.</summary>
    public const string AssignedInAugust = "案例：八月才交办";

    /// <summary>Runs from 7月1日; assigned in February.</summary>
    public const string StartsInJuly = "案例：下半年启动";

    public async ValueTask InitializeAsync()
    {
        Db = await SqliteTestDatabase.CreateAsync();
        City = await DemoCity.SeedAsync(Db, Clock) ?? throw new InvalidOperationException("An empty database was not seeded.");
        await AddCasesAsync();

        Judgement = TestJudgement.For(Db, Clock);
        Dashboards = new DashboardService(Judgement, Db, Clock, new StaticOptions<ScoringWeights>(ScoringWeights.Default), NullLogger<DashboardService>.Instance);
        var ledgerOptions = Options.Create(new LedgerOptions());
        Ledger = new LedgerQueryService(Db, Judgement, new AssignmentService(Db, Clock, ledgerOptions), Clock, ledgerOptions);
        Periods = new PeriodFiguresService(Db, Judgement, Options.Create(new OfficeOptions { Name = "澜江市委市政府督查室", IssuingOffice = "澜江市人民政府办公室" }), new StaticOptions<ScoringWeights>(ScoringWeights.Default));
    }

    public async ValueTask DisposeAsync()
    {
        Dashboards.Dispose();
        Judgement.Dispose();
        await Db.DisposeAsync();
    }

    private static DateTime At(int month, int day, int hour = 10) => ChinaTime.UtcOf(new DateOnly(2026, month, day), new TimeOnly(hour, 0));

    private async Task AddCasesAsync()
    {
        await using var db = Db.CreateDbContext();
        var unit = City.DemoUnits[0].Id;
        var categories = db.Categories.Where(c => c.Year == 2026).OrderBy(c => c.SortOrder).ToList();
        var main = categories.Single(c => YearCategory.IsMainIndicatorName(c.Name)).Id;
        var other = categories.First(c => !YearCategory.IsMainIndicatorName(c.Name)).Id;
        var leader = db.Leaders.OrderBy(l => l.SortOrder).First().Id;
        var sequence = 900;

        async Task<SupervisionTask> TaskAsync(string title, DateOnly start, DateOnly deadline, DateTime registered, DateTime? assigned, int? category = null)
        {
            var definition = new TaskDefinition(2026, category ?? other, title, $"{title}。", null, unit, [], leader, start, deadline, null, ReportCycle.Monthly);
            sequence++;
            var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, TaskNumbers.Format(2026, TaskSource.AnnualKeyWork, sequence), sequence, definition, Inspector, registered);
            if (assigned is { } at)
            {
                task.Assign(Inspector, at);
                task.Acknowledge(Operator(unit), at.AddHours(1));
            }

            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            Cases[title] = task.Id;
            return task;
        }

        // Sent on the 3rd of the next month, accepted on the 4th, unless said otherwise.
        ProgressReport Report(SupervisionTask task, int month, decimal? percent, decimal? actual = null, DateTime? sent = null, DateTime? accepted = null, bool accept = true)
        {
            var key = $"2026-{month:00}";
            var period = ReportSchedule.PeriodsFor(task.Start, task.Deadline, task.ReportCycle).Single(p => p.Key == key);
            var on = sent ?? At(month + 1, 3);
            var report = ProgressReport.Open(task, period, new ReportContent($"{period.Label}：按计划推进，完成{percent ?? actual}。", null, "继续推进。", percent, actual), Operator(unit), on);
            report.SendForReview(Operator(unit), on);
            report.ApproveAsSupervisor(Supervisor(unit), on, null);
            report.ApproveAsPrincipal(Principal(unit), on.AddHours(1), null);
            if (accept)
                report.Accept(Inspector, accepted ?? At(month + 1, 4), null);
            db.Reports.Add(report);
            return report;
        }

        var yearStart = new DateOnly(2026, 1, 1);
        var yearEnd = new DateOnly(2026, 12, 31);

        await TaskAsync(NoReport, yearStart, yearEnd, At(1, 10), At(1, 10));

        var june = await TaskAsync(JuneAcceptedInJuly, yearStart, yearEnd, At(1, 10), At(1, 10));
        for (var m = 1; m <= 11; m++)
            Report(june, m, m * 8 + 7, accepted: m == 6 ? At(7, 5) : null);

        var returned = await TaskAsync(ReturnedAndResent, yearStart, yearEnd, At(1, 10), At(1, 10));
        for (var m = 1; m <= 11; m++)
        {
            if (m != 6)
            {
                Report(returned, m, m * 8 + 7);
                continue;
            }

            var r = Report(returned, 6, 55, accept: false);
            r.Return(Inspector, At(7, 6), "数据口径与上月不一致，请核实后重报。");
            r.SendForReview(Operator(unit), At(7, 18));
            r.ApproveAsSupervisor(Supervisor(unit), At(7, 18), null);
            r.ApproveAsPrincipal(Principal(unit), At(7, 18, 11), null);
            r.Accept(Inspector, At(7, 20), null);
        }

        var ceiling = await TaskAsync(Ceiling, yearStart, yearEnd, At(1, 10), At(1, 10), main);
        ceiling.SetIndicator(new TaskIndicator("城镇调查失业率", "%", 5.5m, IndicatorDirection.LowerIsBetter, IndicatorMeasure.Rate), Inspector, At(1, 10));
        await db.SaveChangesAsync();
        for (var m = 1; m <= 11; m++)
            Report(ceiling, m, null, 5.0m + (m % 4 / 10m));

        var cancelled = await TaskAsync(Cancelled, yearStart, yearEnd, At(1, 10), At(1, 10));
        for (var m = 1; m <= 7; m++)
            Report(cancelled, m, m * 8 + 7);
        cancelled.Cancel("因政策调整原因取消", Inspector, At(8, 15));

        var extended = await TaskAsync(Extended, yearStart, new DateOnly(2026, 6, 30), At(1, 10), At(1, 10));
        for (var m = 1; m <= 5; m++)
            Report(extended, m, m * 10);
        var request = new ExtensionRequest(extended, unit, new DateOnly(2026, 9, 30), "受汛期影响，申请延期三个月。", new DateOnly(2026, 6, 10), Operator(unit), At(6, 10));
        request.Endorse(null, Principal(unit), At(6, 11));
        request.Approve(null, Inspector, At(6, 20));
        extended.ExtendDeadline(request.RequestedDeadline, request.Reason, Inspector, At(6, 20));
        db.Add(request);
        await db.SaveChangesAsync();
        for (var m = 6; m <= 9; m++)
            Report(extended, m, m == 9 ? 100 : m * 10);

        var late = await TaskAsync(AssignedInAugust, new DateOnly(2026, 3, 1), yearEnd, At(3, 1), At(8, 1));
        for (var m = 7; m <= 11; m++)
            Report(late, m, (m - 2) * 10);

        var july = await TaskAsync(StartsInJuly, new DateOnly(2026, 7, 1), yearEnd, At(2, 15), At(2, 15));
        for (var m = 7; m <= 11; m++)
            Report(july, m, (m - 6) * 16);

        await db.SaveChangesAsync();
    }
}
