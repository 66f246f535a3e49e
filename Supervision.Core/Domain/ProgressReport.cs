namespace Supervision.Core.Domain;

/// <summary>The content of a report revision, as the unit writes it.</summary>
/// <param name="Progress">进展情况.</param>
/// <param name="Problems">存在问题.</param>
/// <param name="NextSteps">下步措施.</param>
/// <param name="ProgressPercent">Overall progress 0–100 for ordinary tasks.</param>
/// <param name="IndicatorActual">The indicator's cumulative actual value for indicator tasks.</param>
public sealed record ReportContent(string Progress, string? Problems, string? NextSteps, decimal? ProgressPercent, decimal? IndicatorActual);

/// <summary>
/// 落实情况反馈: one report per task per period from the lead unit. It travels the chain of seed 001 —
/// 联络员 drafts → 主管领导 → 主要领导 → submitted → 督查员 accepts or returns. A submitted revision is never
/// edited: a return opens a new revision, so every version and every step stays on record.
/// </summary>
public sealed class ProgressReport : Recorded, IVersioned
{
    private readonly List<ReportRevision> _revisions = [];

    private ProgressReport()
    {
        PeriodKey = "";
        PeriodLabel = "";
    }

    private ProgressReport(int taskId, int unitId, ReportPeriod period)
    {
        TaskId = taskId;
        UnitId = unitId;
        PeriodKey = period.Key;
        PeriodLabel = period.Label;
        PeriodEnd = period.End;
        DueDate = period.DueDate;
    }

    public int Id { get; private set; }
    public int TaskId { get; private set; }

    /// <summary>The lead unit that owes the report.</summary>
    public int UnitId { get; private set; }

    public string PeriodKey { get; private set; }
    public string PeriodLabel { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public DateOnly DueDate { get; private set; }

    /// <summary>When the unit first sent a revision out (decides on time / late).</summary>
    public DateTime? FirstSubmittedAt { get; private set; }

    public IReadOnlyList<ReportRevision> Revisions => _revisions;
    public long Version { get; private set; }

    public ReportRevision Current => _revisions[^1];

    /// <summary>Opens the report for a period with a first draft.</summary>
    public static ProgressReport Open(SupervisionTask task, ReportPeriod period, ReportContent content, Actor actor, DateTime at)
    {
        if (task.IsFinished)
            throw new DomainException($"任务已{DisplayNames.Of(task.State)[1..]}，不能再报送进展。");
        if (task.State == TaskState.Registered)
            throw new DomainException("任务尚未交办，不能报送进展。");
        var report = new ProgressReport(task.Id, task.LeadUnitId, period);
        report._revisions.Add(ReportRevision.Draft(1, content, task.Indicator is not null, actor, at));
        report.Record("report.drafted", $"起草{period.Label}进展", actor, at);
        return report;
    }

    public void EditDraft(ReportContent content, bool isIndicatorTask, Actor actor, DateTime at)
    {
        Require(RevisionState.Draft, "只有草稿可以修改");
        Current.Replace(content, isIndicatorTask);
        Record("report.edited", $"修改{PeriodLabel}进展草稿", actor, at);
    }

    public void SendForReview(Actor actor, DateTime at)
    {
        Require(RevisionState.Draft, "只有草稿可以提交审核");
        Current.Step(RevisionState.AwaitingSupervisor, ReportStepAction.SentForReview, actor, at, null);
        Record("report.sent-for-review", $"{PeriodLabel}进展提交主管领导审核", actor, at);
    }

    public void ApproveAsSupervisor(Actor actor, DateTime at, string? comment)
    {
        Require(RevisionState.AwaitingSupervisor, "当前不在主管领导审核环节");
        Current.Step(RevisionState.AwaitingPrincipal, ReportStepAction.ApprovedBySupervisor, actor, at, comment);
        Record("report.supervisor-approved", $"{PeriodLabel}进展经主管领导审核", actor, at);
    }

    /// <summary>The 主要领导's approval sends the revision out of the unit.</summary>
    public void ApproveAsPrincipal(Actor actor, DateTime at, string? comment)
    {
        Require(RevisionState.AwaitingPrincipal, "当前不在主要领导审批环节");
        Current.Step(RevisionState.Submitted, ReportStepAction.ApprovedByPrincipal, actor, at, comment);
        Current.MarkSubmitted(at);
        FirstSubmittedAt ??= at;
        Record("report.submitted", $"{PeriodLabel}进展经主要领导审批后报送", actor, at);
    }

    /// <summary>A reviewer inside the unit sends the draft back to the operator.</summary>
    public void RejectInUnit(Actor actor, DateTime at, string reason)
    {
        if (Current.State is not (RevisionState.AwaitingSupervisor or RevisionState.AwaitingPrincipal))
            throw new DomainException($"报告当前为「{DisplayNames.Of(Current.State)}」，不在单位审核环节。");
        var text = Guard.Text(reason, "退回理由", 500);
        Current.Step(RevisionState.Draft, ReportStepAction.RejectedInUnit, actor, at, text);
        Record("report.unit-rejected", $"{PeriodLabel}进展在单位内退回修改：{text}", actor, at);
    }

    public void Accept(Actor actor, DateTime at, string? comment)
    {
        Require(RevisionState.Submitted, "只有已报送的报告可以采纳");
        Current.Step(RevisionState.Accepted, ReportStepAction.Accepted, actor, at, comment);
        Current.MarkDecided(at);
        Record("report.accepted", $"采纳{PeriodLabel}进展（第{Current.Number}版）", actor, at);
    }

    /// <summary>退回 with a required reason; a new draft revision carries the content back to the unit.</summary>
    public void Return(Actor actor, DateTime at, string reason)
    {
        Require(RevisionState.Submitted, "只有已报送的报告可以退回");
        var text = Guard.Text(reason, "退回理由", 500);
        var returned = Current;
        returned.Step(RevisionState.Returned, ReportStepAction.Returned, actor, at, text);
        returned.MarkDecided(at);
        _revisions.Add(ReportRevision.Draft(returned.Number + 1, returned.Content, returned.IndicatorActual is not null, actor, at));
        Record("report.returned", $"退回{PeriodLabel}进展（第{returned.Number}版）：{text}", actor, at);
    }

    /// <summary>When a spot check found this report untrue (抽查不属实); such a report weighs on the unit's score.</summary>
    public DateTime? FoundFalseAt { get; private set; }

    /// <summary>Marks the report as found untrue by a spot check of revision <paramref name="revisionNumber"/>.</summary>
    public void MarkFoundFalse(int revisionNumber, Actor actor, DateTime at)
    {
        FoundFalseAt ??= at;
        Record("report.found-false", $"{PeriodLabel}进展（第{revisionNumber}版）经抽查核实不属实", actor, at);
    }

    /// <summary>Records an event about this report owned by another service (e.g. an attachment added).</summary>
    public void Note(string action, string summary, Actor actor, DateTime at) => Record(action, summary, actor, at);

    /// <summary>The revision accepted last, if any.</summary>
    public ReportRevision? AcceptedRevision => _revisions.LastOrDefault(r => r.State == RevisionState.Accepted);

    private void Require(RevisionState state, string what)
    {
        if (Current.State != state)
            throw new DomainException($"{what}；该报告当前为「{DisplayNames.Of(Current.State)}」。");
    }
}

/// <summary>One version of a report. Once submitted its content never changes.</summary>
public sealed class ReportRevision
{
    private readonly List<ReportStep> _steps = [];

    private ReportRevision()
    {
        Progress = "";
    }

    public int Id { get; private set; }
    public int ReportId { get; private set; }
    public int Number { get; private set; }
    public RevisionState State { get; private set; }
    public string Progress { get; private set; }
    public string? Problems { get; private set; }
    public string? NextSteps { get; private set; }
    public decimal? ProgressPercent { get; private set; }
    public decimal? IndicatorActual { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public IReadOnlyList<ReportStep> Steps => _steps;

    internal ReportContent Content => new(Progress, Problems, NextSteps, ProgressPercent, IndicatorActual);

    internal static ReportRevision Draft(int number, ReportContent content, bool isIndicatorTask, Actor actor, DateTime at)
    {
        var revision = new ReportRevision { Number = number, CreatedAt = at, Progress = "" };
        revision.Set(content, isIndicatorTask);
        revision._steps.Add(new ReportStep(ReportStepAction.Drafted, actor, at, null));
        return revision;
    }

    internal void Replace(ReportContent content, bool isIndicatorTask) => Set(content, isIndicatorTask);

    private void Set(ReportContent content, bool isIndicatorTask)
    {
        Progress = Guard.Text(content.Progress, "进展情况", 4000);
        Problems = Guard.OptionalText(content.Problems, "存在问题", 2000);
        NextSteps = Guard.OptionalText(content.NextSteps, "下步措施", 2000);
        if (isIndicatorTask)
        {
            if (content.IndicatorActual is null)
                throw new DomainException("指标类任务应填写指标累计完成值。");
            if (content.IndicatorActual < 0)
                throw new DomainException("指标完成值不能为负数。");
            IndicatorActual = content.IndicatorActual;
            ProgressPercent = null;
        }
        else
        {
            if (content.ProgressPercent is null)
                throw new DomainException("应填写总体进度（0到100）。");
            ProgressPercent = Guard.Percent(content.ProgressPercent.Value, "总体进度");
            IndicatorActual = null;
        }
    }

    internal void Step(RevisionState next, ReportStepAction action, Actor actor, DateTime at, string? comment)
    {
        State = next;
        _steps.Add(new ReportStep(action, actor, at, Guard.OptionalText(comment, "意见", 500)));
    }

    internal void MarkSubmitted(DateTime at) => SubmittedAt = at;

    internal void MarkDecided(DateTime at) => DecidedAt = at;
}

/// <summary>One step of the chain: who, when, what and the comment.</summary>
public sealed class ReportStep
{
    private ReportStep()
    {
        ActorId = "";
        ActorName = "";
    }

    internal ReportStep(ReportStepAction action, Actor actor, DateTime at, string? comment)
    {
        Action = action;
        ActorId = actor.UserId;
        ActorName = actor.Name;
        At = at;
        Comment = comment;
    }

    public int Id { get; private set; }
    public int RevisionId { get; private set; }
    public ReportStepAction Action { get; private set; }
    public string ActorId { get; private set; }
    public string ActorName { get; private set; }
    public DateTime At { get; private set; }
    public string? Comment { get; private set; }
}
