using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;

namespace Supervision.Tests.Reporting;

/// <summary>Deciding a report or recording a spot check inside a reporting period the office has closed (关账).</summary>
public sealed class ClosedPeriodTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Accepting_a_report_of_a_closed_period_is_refused_and_nothing_is_written()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(40);
        await CloseFirstQuarterAsync(w);
        var events = await CountAsync(w);

        var ex = await Assert.ThrowsAsync<DomainException>(() => w.Chain.AcceptAsync(w.Inspector, id, version, "同意", Ct));

        Assert.Equal("2026年一季度已于2026年4月2日关闭，期内（2026年3月31日）的数据不能直接修改；如确需更正，请填写更正原因，作为更正记录保存。", ex.Message);
        var view = await w.Reports.GetByIdAsync(w.Inspector, id, Ct);
        Assert.Equal(RevisionState.Submitted, view.Current!.State);
        Assert.Equal(version, view.Version);
        Assert.Equal("2026年一季度", view.ClosedPeriod);
        Assert.Equal(events, await CountAsync(w));
        Assert.DoesNotContain(await w.Notifications.ListAsync(w.Operator, ct: Ct), n => n.Kind == NotificationKind.ReportAccepted);
    }

    [DatabaseFact]
    public async Task Accepting_with_a_correction_reason_records_the_correction_with_the_acceptance()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(40);
        await CloseFirstQuarterAsync(w);

        await w.Chain.AcceptAsync(w.Inspector, id, version, "同意", "单位按时报送，督查室审核延误", Ct);

        Assert.Equal(RevisionState.Accepted, (await w.Reports.GetByIdAsync(w.Inspector, id, Ct)).Current!.State);
        await using var db = w.Db.CreateDbContext();
        Assert.Equal(1, await db.ClosedPeriods.Where(p => p.PeriodKey == "2026-Q1").Select(p => p.Corrections).SingleAsync(Ct));
        var correction = await db.AuditEvents.Where(e => e.Action == "period.correction").SingleAsync(Ct);
        Assert.Equal("2026年一季度已关闭，更正：采纳2026-ZD-001 2026年3月进展（第1版）；原因：单位按时报送，督查室审核延误", correction.Summary);
        var accepted = await db.AuditEvents.Where(e => e.Action == "report.accepted").SingleAsync(Ct);
        Assert.Equal(accepted.OccurredAt, correction.OccurredAt);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    [DatabaseFact]
    public async Task Wrong_person_and_wrong_state_are_told_before_the_closed_period()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(40);
        await CloseFirstQuarterAsync(w);

        var principal = await Assert.ThrowsAsync<DomainException>(() => w.Chain.AcceptAsync(w.Principal, id, version, null, "x", Ct));
        Assert.Equal("只有督查员可以采纳报告。", principal.Message);
        version = await w.Chain.ReturnAsync(w.Inspector, id, version, "请补充材料", Ct);
        var draft = await Assert.ThrowsAsync<DomainException>(() => w.Chain.AcceptAsync(w.Inspector, id, version, null, Ct));
        Assert.Equal("只有已报送的报告可以采纳；该报告当前为「草稿」。", draft.Message);
    }

    [DatabaseFact]
    public async Task A_report_of_a_period_after_the_closed_one_is_accepted_without_a_reason()
    {
        await using var w = await ReportingWorld.CreateAsync(new DateTimeOffset(2026, 5, 2, 2, 0, 0, TimeSpan.Zero));
        await CloseFirstQuarterAsync(w);
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, "2026-04", ReportingWorld.Content(45), Ct);
        var version = await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
        version = await w.Chain.ApproveAsync(w.Supervisor, id, version, null, Ct);
        version = await w.Chain.ApproveAsync(w.Principal, id, version, null, Ct);
        Assert.Null((await w.Reports.GetByIdAsync(w.Inspector, id, Ct)).ClosedPeriod);

        await w.Chain.AcceptAsync(w.Inspector, id, version, null, Ct);

        Assert.Equal(RevisionState.Accepted, (await w.Reports.GetByIdAsync(w.Inspector, id, Ct)).Current!.State);
        await using var db = w.Db.CreateDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Action == "period.correction", Ct));
    }

    [DatabaseFact]
    public async Task A_spot_check_dated_inside_a_closed_period_needs_a_correction_reason()
    {
        await using var w = await ReportingWorld.CreateAsync();
        var (id, version) = await w.SubmitAsync(60);
        await w.Chain.AcceptAsync(w.Inspector, id, version, null, Ct);
        await CloseFirstQuarterAsync(w);
        var march30 = new DateOnly(2026, 3, 30);

        var refused = await Assert.ThrowsAsync<DomainException>(() => w.SpotChecks.RecordSpotCheckAsync(w.Inspector, id, 1, SpotCheckMethod.Phone, SpotCheckResult.False, march30, "电话核实，与报送不符。", null, null, Ct));
        Assert.StartsWith("2026年一季度已于2026年4月2日关闭", refused.Message);
        Assert.Null((await w.Reports.GetByIdAsync(w.Inspector, id, Ct)).FoundFalseAt);

        await w.SpotChecks.RecordSpotCheckAsync(w.Inspector, id, 1, SpotCheckMethod.OnSite, SpotCheckResult.Confirmed, new DateOnly(2026, 4, 2), "现场核实属实。", null, null, Ct);
        await w.SpotChecks.RecordSpotCheckAsync(w.Inspector, id, 1, SpotCheckMethod.Phone, SpotCheckResult.False, march30, "电话核实，与报送不符。", null, null, "补录3月30日的电话核实", Ct);

        var view = await w.Reports.GetByIdAsync(w.Inspector, id, Ct);
        Assert.Equal(2, view.SpotChecks.Count);
        Assert.NotNull(view.FoundFalseAt);
        await using var db = w.Db.CreateDbContext();
        Assert.Contains("补录3月30日的电话核实", await db.AuditEvents.Where(e => e.Action == "period.correction").Select(e => e.Summary).SingleAsync(Ct));
    }

    private static async Task CloseFirstQuarterAsync(ReportingWorld w) =>
        await new PeriodCloseService(w.Db, w.Clock).CloseAsync(w.Inspector, SupervisionPeriod.Of(2026)[0], Ct);

    private static async Task<int> CountAsync(ReportingWorld w)
    {
        await using var db = w.Db.CreateDbContext();
        return await db.AuditEvents.CountAsync(Ct);
    }
}
