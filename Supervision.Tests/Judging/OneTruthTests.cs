using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Supervision.Core.Dashboard;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Domain;
using Supervision.Core.Judging;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;
using Supervision.Web.Components.Dashboard;
using Supervision.Web.Hosting;
using static Supervision.Tests.TestData;
using Supervision.Web;

namespace Supervision.Tests.Judging;

/// <summary>
/// One truth (docs/glossary.md): for every quarter end, every month end and a few random dates, under each filter
/// (source, category, leader, unit), the 看板's counts equal the 台账 rows its drill-down opens, equal the 完成情况表's
/// rows, equal the figures the 通报 states — and the cases the rules must get right come out as written.
/// </summary>
public sealed class OneTruthTests(OneTruthFixture world) : IClassFixture<OneTruthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every quarter end and month end that has passed by 12月20日, and three dates drawn once.</summary>
    public static TheoryData<string> Dates()
    {
        var dates = Enumerable.Range(1, 11).Select(m => new DateOnly(2026, m, 1).AddMonths(1).AddDays(-1)).ToList();
        var random = new Random(20260715);
        for (var i = 0; i < 3; i++)
            dates.Add(new DateOnly(2026, 1, 1).AddDays(random.Next(1, 350)));
        return [.. dates.Distinct().Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
    }

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task The_dashboard_the_ledger_the_table_and_the_bulletin_count_the_same_tasks_the_same_way(string date)
    {
        var asOf = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The whole city: every count of the dashboard opens the ledger on exactly its tasks, in the same state.
        var all = await DashboardAsync(Inspector, new DashboardRequest(AsOf: date));
        await DrillDownAgreesAsync(Inspector, all, everyLink: true);

        // The documents cover the 年度重点工作: the dashboard filtered to them states what the table and the 通报 state.
        var keyWork = await DashboardAsync(Inspector, new DashboardRequest(AsOf: date, Source: nameof(TaskSource.AnnualKeyWork)));
        await DrillDownAgreesAsync(Inspector, keyWork, everyLink: true);
        var report = await world.Periods.LoadAsync(Inspector, new SupervisionPeriod($"2026-{date}", $"截至{DisplayNames.Date(asOf)}", asOf), Ct);
        Assert.Equal(asOf, report.AsOf);
        Assert.Equal(keyWork.Cutoff, report.Cutoff);
        DocumentAgrees(keyWork, report.Tasks.Concat(report.Uncounted).ToList());
        Assert.Equal(keyWork.Counts.Classes with { NotCounted = 0 }, report.Counts);
        Assert.Equal(keyWork.Counts.Lights.NotAssigned + keyWork.Counts.Lights.NotYetDue, report.Uncounted.Count);
        TableAgrees(keyWork.Counts.Classes, report);
        BulletinAgrees(keyWork.Counts.Classes, report);

        // Each category and each leader: dashboard = ledger = the table's rows of that category or leader.
        foreach (var category in keyWork.Categories.Take(4).Append(keyWork.Categories.First(c => YearCategory.IsMainIndicatorName(c.Name))).Distinct())
        {
            var model = await DashboardAsync(Inspector, new DashboardRequest(AsOf: date, Source: nameof(TaskSource.AnnualKeyWork), Category: Id(category.Id)));
            await DrillDownAgreesAsync(Inspector, model, everyLink: false);
            DocumentAgrees(model, report.Tasks.Concat(report.Uncounted).Where(l => l.CategoryId == category.Id).ToList());
        }

        foreach (var leader in keyWork.Leaders.Take(3))
        {
            var model = await DashboardAsync(Inspector, new DashboardRequest(AsOf: date, Source: nameof(TaskSource.AnnualKeyWork), Leader: Id(leader.Id)));
            await DrillDownAgreesAsync(Inspector, model, everyLink: false);
            DocumentAgrees(model, report.Tasks.Concat(report.Uncounted).Where(l => l.LeaderId == leader.Id).ToList());
        }

        // The other sources: dashboard = ledger.
        foreach (var source in new[] { TaskSource.LeaderInstruction, TaskSource.MeetingDecision, TaskSource.SpecialWork })
            await DrillDownAgreesAsync(Inspector, await DashboardAsync(Inspector, new DashboardRequest(AsOf: date, Source: source.ToString())), everyLink: false);

        // Each demo unit's own dashboard = its ledger = the table's rows it leads or assists on.
        foreach (var unit in world.City.DemoUnits)
        {
            var actor = Operator(unit.Id);
            var model = await DashboardAsync(actor, new DashboardRequest(AsOf: date));
            await DrillDownAgreesAsync(actor, model, everyLink: false);
            var ownKeyWork = await LedgerRowsAsync(actor, LedgerLinks.ForLight(model, null).Replace("year=2026", "year=2026&source=0", StringComparison.Ordinal));
            var lines = report.Tasks.Concat(report.Uncounted).Where(l => l.LeadUnitId == unit.Id || l.AssistingUnitIds.Contains(unit.Id)).ToList();
            Assert.Equal(lines.Select(l => (l.TaskId, l.Light)).Order(), ownKeyWork.Select(r => (r.Id, r.Light)).Order());
        }
    }

    [Fact]
    public async Task The_bulletin_praises_the_red_list_and_names_the_black_list_the_dashboard_shows_for_the_same_date()
    {
        var dashboard = await DashboardAsync(Inspector, new DashboardRequest(AsOf: "2026-06-30"));
        var text = BulletinDrafter.Draft(await HalfYearAsync(), "各县（市、区）人民政府：");
        Assert.Equal(5, dashboard.TopUnits.Count);
        Assert.Equal(5, dashboard.BottomUnits.Count);

        // 表扬 closes 工作进展, 点名 closes 存在的主要问题: the same units in the same order, with the scores the 看板 shows.
        var praise = Assert.Single(text.Progress.Split('\n'), p => p.Contains("予以通报表扬", StringComparison.Ordinal));
        var naming = Assert.Single(text.Problems.Split('\n'), p => p.Contains("予以点名通报", StringComparison.Ordinal));
        Assert.StartsWith("2026年上半年，", praise);
        Assert.Equal(praise, text.Progress.Split('\n')[^1]);
        Assert.Equal(naming, text.Problems.Split('\n')[^1]);
        Assert.Equal(dashboard.TopUnits.Select(Quoted), UnitsIn(praise));
        Assert.Equal(dashboard.BottomUnits.Select(Quoted), UnitsIn(naming));
        Assert.StartsWith("2026年上半年综合评分中，", naming);
        Assert.Contains("等5个单位排名靠后", naming);

        static string Quoted(ScoreCard card) => $"{card.Name}（{ScoreFormat.Points(card.Score!.Value)}分";
        static IEnumerable<string> UnitsIn(string paragraph) => Regex.Matches(paragraph, "[^、，（）]+（\\d+\\.\\d分").Select(m => m.Value);
    }

    [Fact]
    public async Task The_half_year_shows_the_june_report_accepted_on_july_5()
    {
        var h1 = await HalfYearAsync();
        var line = h1.Tasks.Single(l => l.TaskId == world.Cases[OneTruthFixture.JuneAcceptedInJuly]);

        Assert.Equal(PeriodOutcome.Completed, line.Outcome);
        Assert.Equal("2026年6月", line.ReportPeriod);
        Assert.Equal(new DateOnly(2026, 7, 5), line.ReportAcceptedOn);
        Assert.Equal(0.55, line.WorkProgress);
        Assert.StartsWith("2026年6月：", line.Progress);
        // The dashboard as of 6月30日 judges the same report, the ledger too.
        var tile = await TileAsync(OneTruthFixture.JuneAcceptedInJuly, "2026-06-30");
        Assert.Equal((TrafficLight.Green, 0.55), (tile.Light, tile.WorkProgress));
    }

    [Fact]
    public async Task A_task_without_any_report_is_unreported_never_completed()
    {
        foreach (var period in SupervisionPeriod.Of(2026).Take(3))
        {
            var report = await world.Periods.LoadAsync(Inspector, period, Ct);
            var line = report.Tasks.Single(l => l.TaskId == world.Cases[OneTruthFixture.NoReport]);
            Assert.Equal(PeriodOutcome.Unreported, line.Outcome);
            Assert.Null(line.ReportPeriod);
        }

        // Before its first report fell due it was not judged at all; January as a period (cut-off 2月15日) required it.
        Assert.Equal(TrafficLight.NotYetDue, (await TileAsync(OneTruthFixture.NoReport, "2026-01-20")).Light);
        Assert.Equal(TrafficLight.Unreported, (await TileAsync(OneTruthFixture.NoReport, "2026-01-31")).Light);
        Assert.Equal(TrafficLight.Unreported, (await TileAsync(OneTruthFixture.NoReport, "2026-02-28")).Light);
    }

    [Fact]
    public async Task A_june_report_returned_and_accepted_after_the_cut_off_leaves_the_half_year_unreported()
    {
        var h1 = await HalfYearAsync();
        var line = h1.Tasks.Single(l => l.TaskId == world.Cases[OneTruthFixture.ReturnedAndResent]);

        Assert.Equal(PeriodOutcome.Unreported, line.Outcome);
        Assert.StartsWith("截至2026年7月15日无经审核采纳的2026年6月进展情况报告。此前采纳的2026年5月报告：", line.Progress);
        Assert.Null(line.Problems);
        // The third quarter counts September's report, accepted in time.
        var q3 = await world.Periods.LoadAsync(Inspector, SupervisionPeriod.Of(2026)[2], Ct);
        Assert.Equal(("2026年9月", PeriodOutcome.Completed), q3.Tasks.Where(l => l.TaskId == line.TaskId).Select(l => (l.ReportPeriod, l.Outcome)).Single());
    }

    [Fact]
    public async Task A_ceiling_indicator_is_counted_apart_and_worded_as_every_surface_words_it()
    {
        var h1 = await HalfYearAsync();
        var line = h1.Indicators.Single(l => l.TaskId == world.Cases[OneTruthFixture.Ceiling]);

        Assert.Equal(PeriodOutcome.OnSchedule, line.Outcome);
        Assert.Equal("控制在5.5%以内", line.IndicatorWords);
        Assert.Equal(line.IndicatorWords, line.Remark);
        Assert.DoesNotContain(h1.KeyWork, l => l.TaskId == line.TaskId);
        var dashboard = await DashboardAsync(Inspector, new DashboardRequest(AsOf: "2026-06-30"));
        Assert.Equal(line.IndicatorWords, dashboard.Indicators.Single(i => i.TaskId == line.TaskId).Words);
    }

    [Fact]
    public async Task A_cancelled_task_counts_from_its_cancellation_and_not_before()
    {
        var id = world.Cases[OneTruthFixture.Cancelled];
        var h1 = await HalfYearAsync();
        var q3 = await world.Periods.LoadAsync(Inspector, SupervisionPeriod.Of(2026)[2], Ct);

        Assert.NotEqual(PeriodOutcome.Cancelled, h1.Tasks.Single(l => l.TaskId == id).Outcome);
        Assert.Equal(PeriodOutcome.Cancelled, q3.Tasks.Single(l => l.TaskId == id).Outcome);
        Assert.Contains("八月取消的任务", BulletinDrafter.Draft(q3, "各县（市、区）人民政府：").Overall);
    }

    [Fact]
    public async Task An_extension_counts_from_the_day_it_was_approved()
    {
        var id = world.Cases[OneTruthFixture.Extended];

        // On 6月19日 the deadline was still 6月30日: 95% of the time gone at 50%.
        var before = await TileAsync(OneTruthFixture.Extended, "2026-06-19");
        Assert.Equal(new DateOnly(2026, 6, 30), before.Deadline);
        Assert.Equal(TrafficLight.Red, before.Light);
        // From 6月20日 it is 9月30日: at the half year 66% of the time gone, 60% done — on schedule.
        var h1 = await HalfYearAsync();
        Assert.Equal((PeriodOutcome.Completed, 0.66), h1.Tasks.Where(l => l.TaskId == id).Select(l => (l.Outcome, l.TimeProgress)).Single());
        var q3 = await world.Periods.LoadAsync(Inspector, SupervisionPeriod.Of(2026)[2], Ct);
        Assert.Equal(TrafficLight.Done, q3.Tasks.Single(l => l.TaskId == id).Light);
    }

    [Fact]
    public async Task A_task_not_yet_assigned_is_shown_but_not_judged_counted_owed_or_scored()
    {
        var id = world.Cases[OneTruthFixture.AssignedInAugust];
        var h1 = await HalfYearAsync();

        Assert.DoesNotContain(h1.Tasks, l => l.TaskId == id);
        Assert.Equal(TrafficLight.NotAssigned, h1.Uncounted.Single(l => l.TaskId == id).Light);
        var dashboard = await DashboardAsync(Inspector, new DashboardRequest(AsOf: "2026-06-30"));
        Assert.Equal(TrafficLight.NotAssigned, dashboard.Board.SelectMany(g => g.Tiles).Single(t => t.TaskId == id).Light);
        // Its unit's score counts the tasks it leads that are judged, and not this one.
        var unit = world.City.DemoUnits[0].Id;
        var led = dashboard.Board.SelectMany(g => g.Tiles).Where(t => t.LeadUnitId == unit).ToList();
        Assert.Contains(led, t => t.TaskId == id);
        Assert.Equal(led.Count(t => t.Light is not (TrafficLight.NotAssigned or TrafficLight.NotYetDue or TrafficLight.Cancelled)), dashboard.UnitScores.Single(s => s.Id == unit).TaskCount);
        // From 8月1日 it is judged, and owes only what fell due from then: July's report (due 8月5日) onwards.
        var facts = (await world.Judgement.FactsAsync(2026, Ct)).Tasks.Single(t => t.Id == id).Facts;
        Assert.Equal("2026年7月", facts.DueReports[0].PeriodLabel);
        Assert.NotEqual(TrafficLight.NotAssigned, (await TileAsync(OneTruthFixture.AssignedInAugust, "2026-09-30")).Light);
    }

    [Fact]
    public async Task A_task_starting_mid_year_is_not_counted_before_it_starts()
    {
        var id = world.Cases[OneTruthFixture.StartsInJuly];
        var h1 = await HalfYearAsync();

        Assert.Equal(TrafficLight.NotYetDue, h1.Uncounted.Single(l => l.TaskId == id).Light);
        Assert.Equal("本期尚无应报进展，不作统计。", h1.Uncounted.Single(l => l.TaskId == id).Progress);
        var q3 = await world.Periods.LoadAsync(Inspector, SupervisionPeriod.Of(2026)[2], Ct);
        Assert.Equal("2026年9月", q3.Tasks.Single(l => l.TaskId == id).ReportPeriod);
    }

    [Fact]
    public async Task Lights_double_half_and_classes_never_contradict_on_any_day_of_the_year()
    {
        for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2026, 12, 20); day = day.AddDays(7))
        {
            var judged = await world.Judgement.JudgeAsync(2026, world.Judgement.PointFor(day), Ct);
            foreach (var j in judged.Tasks)
            {
                var e = j.Evaluation;
                Assert.False(e.Light == TrafficLight.Green && e.DoubleHalf == DoubleHalfStatus.NotMet, $"{day} {j.Task.Number} green but 双过半未达标");
                Assert.False(e.Light == TrafficLight.Green && !e.HasReport, $"{day} {j.Task.Number} green without a report");
                Assert.False(e.Outcome is PeriodOutcome.Completed or PeriodOutcome.OnSchedule && !e.HasReport && e.Light != TrafficLight.Done, $"{day} {j.Task.Number} 完成 without a report");
                Assert.Equal(TaskRules.OutcomeOf(e.Light, j.IsIndicator), e.Outcome);
                if (j.Task.Facts.AssignedOn is not { } assigned || assigned > day)
                    Assert.Equal(TrafficLight.NotAssigned, e.Light);
            }
        }
    }

    private async Task<PeriodFigures> HalfYearAsync() => await world.Periods.LoadAsync(Inspector, SupervisionPeriod.Of(2026)[1], Ct);

    private async Task<BoardTile> TileAsync(string title, string date)
    {
        var model = await DashboardAsync(Inspector, new DashboardRequest(AsOf: date));
        var id = world.Cases[title];
        var tile = model.Board.SelectMany(g => g.Tiles).Single(t => t.TaskId == id);
        var row = (await LedgerRowsAsync(Inspector, LedgerLinks.ForLight(model, tile.Light))).Single(r => r.Id == id);
        Assert.Equal((tile.Light, tile.WorkProgress, tile.Reason), (row.Light, row.WorkProgress, row.Reason));
        return tile;
    }

    private async Task<DashboardModel> DashboardAsync(Actor actor, DashboardRequest request)
    {
        var result = await world.Dashboards.GetAsync(actor, request, Ct);
        Assert.Empty(result.Ignored);
        return result.Model;
    }

    // Every count opens the ledger on exactly the tasks behind it, each in the state the dashboard shows.
    private async Task DrillDownAgreesAsync(Actor actor, DashboardModel model, bool everyLink)
    {
        var tiles = model.Board.SelectMany(g => g.Tiles).ToDictionary(t => t.TaskId);
        var all = await LedgerRowsAsync(actor, LedgerLinks.ForLight(model, null));
        Assert.Equal(tiles.Keys.Order(), all.Select(r => r.Id).Order());
        Assert.All(all, r => Assert.Equal(tiles[r.Id].Light, r.Light));
        Assert.All(Enum.GetValues<TrafficLight>(), light => Assert.Equal(model.Counts.Lights.Of(light), all.Count(r => r.Light == light)));
        Assert.Equal(model.Counts.Lights.Total, all.Count);
        if (!everyLink)
            return;

        foreach (var light in Enum.GetValues<TrafficLight>())
            Assert.Equal(model.Counts.Lights.Of(light), (await LedgerRowsAsync(actor, LedgerLinks.ForLight(model, light))).Count);
        Assert.Equal(model.Counts.Lights.Counted, (await LedgerRowsAsync(actor, LedgerLinks.ForCounted(model))).Count);
        Assert.Equal(model.Counts.DoubleHalfMet, (await LedgerRowsAsync(actor, LedgerLinks.ForDoubleHalf(model, DoubleHalfStatus.Met))).Count);
        Assert.Equal(model.Counts.DoubleHalfNotMet, (await LedgerRowsAsync(actor, LedgerLinks.ForDoubleHalf(model, DoubleHalfStatus.NotMet))).Count);
    }

    // The document's lines (counted and not) are the dashboard's tiles, in the same states.
    private static void DocumentAgrees(DashboardModel model, IReadOnlyList<PeriodTaskLine> lines)
    {
        var tiles = model.Board.SelectMany(g => g.Tiles).ToList();
        Assert.Equal(tiles.Select(t => (t.TaskId, t.Light)).Order(), lines.Select(l => (l.TaskId, l.Light)).Order());
        Assert.Equal(model.Counts.Classes with { NotCounted = 0 }, ClassCounts.Of(lines.Where(l => l.Outcome != PeriodOutcome.NotCounted).Select(l => (l.Outcome, l.IsIndicator))));
    }

    // The table read back: its rows' 完成情况 and its 汇总 sheet.
    private static void TableAgrees(ClassCounts counts, PeriodFigures report)
    {
        using var book = new XLWorkbook(new MemoryStream(CompletionTableBuilder.Build(report)));
        var rows = book.Worksheet(CompletionTableBuilder.DetailSheet).RowsUsed()
            .Where(r => r.RowNumber() > CompletionTableBuilder.HeaderRow && !r.Cell(1).IsMerged())
            .Select(r => r.Cell(CompletionColumns.Outcome + 1).GetString()).ToList();
        int Count(PeriodOutcome outcome) => rows.Count(r => r == DisplayNames.Of(outcome));

        Assert.Equal(
            (counts.Completed, counts.Partial, counts.NotCompleted, counts.Unreported, counts.Cancelled + counts.IndicatorsCancelled, counts.OnSchedule, counts.BehindSchedule, counts.NoData, counts.NotCounted),
            (Count(PeriodOutcome.Completed), Count(PeriodOutcome.PartiallyCompleted), Count(PeriodOutcome.NotCompleted), Count(PeriodOutcome.Unreported), Count(PeriodOutcome.Cancelled),
                Count(PeriodOutcome.OnSchedule), Count(PeriodOutcome.BehindSchedule), Count(PeriodOutcome.NoData), Count(PeriodOutcome.NotCounted)));
        var total = book.Worksheet(CompletionTableBuilder.SummarySheet).RowsUsed().First(r => r.Cell(1).GetString() == "合计");
        Assert.Equal([counts.KeyWork, counts.Completed, counts.Partial, counts.NotCompleted, counts.Unreported, counts.Cancelled], Enumerable.Range(2, 6).Select(c => total.Cell(c).GetValue<int>()));
    }

    // The figures the 通报 states, read back from its sentences.
    private static void BulletinAgrees(ClassCounts counts, PeriodFigures report)
    {
        var overall = BulletinDrafter.Draft(report, "各县（市、区）人民政府：").Overall;
        if (counts.Counted == 0)
        {
            Assert.Contains(BulletinDrafter.NoTasks, overall);
            return;
        }

        Assert.Contains($"列入市《政府工作报告》任务分解表的共{counts.Counted}项任务中，", overall);
        // Each class may name its tasks in brackets after its count.
        var keyWork = Regex.Match(overall, "(\\d+)项重点工作完成(\\d+)项，部分完成(\\d+)项(?:（.*?）)?，未完成(\\d+)项(?:（.*?）)?(?:，未报送进展(\\d+)项(?:（.*?）)?)?，取消(\\d+)项");
        Assert.True(keyWork.Success, overall);
        int N(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        Assert.Equal(
            (counts.KeyWork, counts.Completed, counts.Partial, counts.NotCompleted, counts.Unreported, counts.Cancelled),
            (N(keyWork.Groups[1]), N(keyWork.Groups[2]), N(keyWork.Groups[3]), N(keyWork.Groups[4]), N(keyWork.Groups[5]), N(keyWork.Groups[6])));
        var indicators = counts.Indicators - counts.IndicatorsCancelled;
        if (indicators == 0)
            return;
        Assert.Contains($"{indicators}项主要经济发展指标中", overall);
        int Stated(string cls) => Regex.Match(overall, $"(\\d+)项(?:均)?{cls}（") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        Assert.Equal((counts.OnSchedule, counts.BehindSchedule, counts.NoData), (Stated("完成进度"), Stated("未完成进度"), Stated("暂无数据")));
        if (counts.Lagging > 0)
            Assert.Matches($"[^\\d]{counts.Lagging}项(任务)?进度滞后", overall);
    }

    private async Task<IReadOnlyList<LedgerRow>> LedgerRowsAsync(Actor actor, string link)
    {
        Assert.StartsWith("/tasks?", link, StringComparison.Ordinal);
        var query = new QueryCollection(QueryHelpers.ParseQuery(link[link.IndexOf('?', StringComparison.Ordinal)..]));
        var filter = Routes.LedgerFilterFrom(query, 2026);
        var page = await world.Ledger.PageAsync(actor, filter, 0, 500, Ct);
        Assert.Equal(page.Total, page.Rows.Count);
        return page.Rows;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
