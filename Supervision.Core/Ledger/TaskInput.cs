using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Ledger;

/// <summary>One 节点 as a form holds it before it is validated.</summary>
public sealed class MilestoneInput
{
    public DateTime? Date { get; set; }
    public decimal? PlannedPercent { get; set; }
    public string Title { get; set; } = "";
}

/// <summary>
/// The registration form of a task of any source, as plain values. Pages bind to it; <see cref="Validate"/> says
/// what is wrong with each field in Chinese; services validate again and never trust the page.
/// </summary>
public sealed class TaskInput
{
    public TaskSource Source { get; set; }
    public int Year { get; set; }
    public int? CategoryId { get; set; }
    public string Title { get; set; } = "";
    public string Content { get; set; } = "";
    public string? Target { get; set; }
    public int? LeadUnitId { get; set; }
    public List<int> AssistingUnitIds { get; set; } = [];
    public int? ResponsibleLeaderId { get; set; }
    public DateTime? Start { get; set; }
    public DateTime? Deadline { get; set; }
    public string? DeadlineText { get; set; }
    public ReportCycle ReportCycle { get; set; } = ReportCycle.Monthly;

    // 领导批示件
    public string? InstructionLeader { get; set; }
    public DateTime? InstructedOn { get; set; }
    public string? InstructionText { get; set; }
    public string? DocumentTitle { get; set; }
    public string? DocumentNumber { get; set; }

    // 会议决策部署
    public string? MeetingName { get; set; }
    public DateTime? MeetingHeldOn { get; set; }
    public string? MeetingDecision { get; set; }

    // 专项重点工作
    public string? AgreementName { get; set; }
    public string? Counterpart { get; set; }

    public List<MilestoneInput> Milestones { get; set; } = [];

    public bool HasIndicator { get; set; }
    public string? IndicatorName { get; set; }
    public string? IndicatorUnit { get; set; }
    public decimal? IndicatorTarget { get; set; }
    public IndicatorDirection IndicatorDirection { get; set; }
    public IndicatorMeasure IndicatorMeasure { get; set; }

    /// <summary>The task's version when the form was loaded for editing (0 for a new task).</summary>
    public long Version { get; set; }

    /// <summary>Field name → Chinese message for every field that is wrong; empty when the form is good.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        void Need(string field, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
                e[field] = $"请填写{label}。";
            else if (value.Trim().Length > max)
                e[field] = $"{label}不能超过{max}个字。";
        }

        void Max(string field, string? value, string label, int max)
        {
            if (value is not null && value.Trim().Length > max)
                e[field] = $"{label}不能超过{max}个字。";
        }

        if (Year is < 2000 or > 2100)
            e[nameof(Year)] = "请选择年度。";
        Need(nameof(Title), Title, "任务名称", 100);
        Need(nameof(Content), Content, "任务内容", 4000);
        Max(nameof(Target), Target, "目标要求", 2000);
        Max(nameof(DeadlineText), DeadlineText, "完成时限原文", 40);
        if (LeadUnitId is null)
            e[nameof(LeadUnitId)] = "请选择牵头单位。";
        else if (AssistingUnitIds.Contains(LeadUnitId.Value))
            e[nameof(AssistingUnitIds)] = "牵头单位不能同时作为配合单位。";
        if (AssistingUnitIds.Distinct().Count() != AssistingUnitIds.Count)
            e[nameof(AssistingUnitIds)] = "配合单位有重复。";
        if (Start is null)
            e[nameof(Start)] = "请选择开始日期。";
        if (Deadline is null)
            e[nameof(Deadline)] = "请选择完成时限。";
        else if (Start is not null && Deadline < Start)
            e[nameof(Deadline)] = "完成时限不能早于开始日期。";
        else if (Deadline.Value.Year < Year)
            e[nameof(Deadline)] = "完成时限不能早于任务年度。";
        if (Start is not null && Start.Value.Year > Year)
            e[nameof(Start)] = "开始日期不能晚于任务年度。";
        if (!Enum.IsDefined(ReportCycle))
            e[nameof(ReportCycle)] = "请选择报送周期。";

        switch (Source)
        {
            case TaskSource.LeaderInstruction:
                Need(nameof(InstructionLeader), InstructionLeader, "批示领导", 20);
                if (InstructedOn is null)
                    e[nameof(InstructedOn)] = "请选择批示日期。";
                Need(nameof(InstructionText), InstructionText, "批示原文", 2000);
                Max(nameof(DocumentTitle), DocumentTitle, "来文标题", 200);
                Max(nameof(DocumentNumber), DocumentNumber, "来文文号", 60);
                break;
            case TaskSource.MeetingDecision:
                Need(nameof(MeetingName), MeetingName, "会议名称", 100);
                if (MeetingHeldOn is null)
                    e[nameof(MeetingHeldOn)] = "请选择会议日期。";
                Need(nameof(MeetingDecision), MeetingDecision, "决定事项", 2000);
                break;
            case TaskSource.SpecialWork:
                Need(nameof(AgreementName), AgreementName, "责任书/协议名称", 200);
                Need(nameof(Counterpart), Counterpart, "签订对象", 60);
                break;
            case TaskSource.AnnualKeyWork:
                break;
            default:
                e[nameof(Source)] = "请选择任务来源。";
                break;
        }

        for (var i = 0; i < Milestones.Count; i++)
        {
            var m = Milestones[i];
            var label = $"第{i + 1}个节点";
            if (m.Date is null)
                e[$"Milestones[{i}].Date"] = $"{label}请选择日期。";
            else if ((Start is not null && m.Date < Start) || (Deadline is not null && m.Date > Deadline))
                e[$"Milestones[{i}].Date"] = $"{label}的日期应在任务起止日期之内。";
            if (m.PlannedPercent is null or < 0 or > 100)
                e[$"Milestones[{i}].PlannedPercent"] = $"{label}的计划进度应在0到100之间。";
            if (string.IsNullOrWhiteSpace(m.Title))
                e[$"Milestones[{i}].Title"] = $"{label}请填写形象进度。";
            else if (m.Title.Trim().Length > 200)
                e[$"Milestones[{i}].Title"] = $"{label}的形象进度不能超过200个字。";
        }

        var dated = Milestones.Where(m => m.Date is not null).OrderBy(m => m.Date).ToList();
        for (var i = 1; i < dated.Count; i++)
        {
            if (dated[i].Date == dated[i - 1].Date)
                e[nameof(Milestones)] = "两个节点不能在同一天。";
            else if (dated[i].PlannedPercent < dated[i - 1].PlannedPercent)
                e[nameof(Milestones)] = "节点计划进度应逐步递增。";
        }

        if (HasIndicator)
        {
            Need(nameof(IndicatorName), IndicatorName, "指标名称", 60);
            Max(nameof(IndicatorUnit), IndicatorUnit, "计量单位", 10);
            if (IndicatorTarget is null)
                e[nameof(IndicatorTarget)] = "请填写指标目标值。";
            else if (IndicatorTarget < 0)
                e[nameof(IndicatorTarget)] = "指标目标值不能为负数。";
        }

        return e;
    }

    /// <summary>Fills quarterly 形象进度 nodes (end of each quarter within the span, evenly rising to 100%).</summary>
    public void FillQuarterlyMilestones()
    {
        if (Start is null || Deadline is null)
            return;
        Milestones = MilestonePlan.Quarterly(DateOnly.FromDateTime(Start.Value), DateOnly.FromDateTime(Deadline.Value))
            .Select(m => new MilestoneInput { Date = m.Date.ToDateTime(TimeOnly.MinValue), PlannedPercent = m.PlannedPercent, Title = m.Title })
            .ToList();
    }

    /// <summary>
    /// A blank form for the next task from the same source document — one meeting's 决定事项, one 批示 or one
    /// 责任书 often yield several tasks: keeps the source, year, category, dates, cycle and the source's own fields;
    /// clears the task's content, units, leader, milestones and indicator.
    /// </summary>
    public TaskInput NextFromSameSource() => new()
    {
        Source = Source,
        Year = Year,
        CategoryId = CategoryId,
        Start = Start,
        Deadline = Deadline,
        DeadlineText = DeadlineText,
        ReportCycle = ReportCycle,
        InstructionLeader = InstructionLeader,
        InstructedOn = InstructedOn,
        InstructionText = InstructionText,
        DocumentTitle = DocumentTitle,
        DocumentNumber = DocumentNumber,
        MeetingName = MeetingName,
        MeetingHeldOn = MeetingHeldOn,
        MeetingDecision = MeetingDecision,
        AgreementName = AgreementName,
        Counterpart = Counterpart,
    };

    internal TaskDefinition ToDefinition() => new(
        Year,
        CategoryId,
        Title.Trim(),
        Content.Trim(),
        string.IsNullOrWhiteSpace(Target) ? null : Target.Trim(),
        LeadUnitId!.Value,
        AssistingUnitIds.ToList(),
        ResponsibleLeaderId,
        DateOnly.FromDateTime(Start!.Value),
        DateOnly.FromDateTime(Deadline!.Value),
        string.IsNullOrWhiteSpace(DeadlineText) ? null : DeadlineText.Trim(),
        ReportCycle);

    internal IReadOnlyList<Milestone> ToMilestones() => Milestones
        .Select(m => new Milestone(DateOnly.FromDateTime(m.Date!.Value), m.PlannedPercent!.Value, m.Title.Trim()))
        .ToList();

    internal TaskIndicator? ToIndicator() => HasIndicator
        ? new TaskIndicator(IndicatorName!.Trim(), IndicatorUnit?.Trim() ?? "", IndicatorTarget!.Value, IndicatorDirection, IndicatorMeasure)
        : null;

    /// <summary>Fills the form from a registered task (for editing).</summary>
    public static TaskInput From(SupervisionTask t) => new()
    {
        Source = t.Source,
        Year = t.Year,
        CategoryId = t.CategoryId,
        Title = t.Title,
        Content = t.Content,
        Target = t.Target,
        LeadUnitId = t.LeadUnitId,
        AssistingUnitIds = t.AssistingUnits.Select(a => a.UnitId).ToList(),
        ResponsibleLeaderId = t.ResponsibleLeaderId,
        Start = t.Start.ToDateTime(TimeOnly.MinValue),
        Deadline = t.Deadline.ToDateTime(TimeOnly.MinValue),
        DeadlineText = t.DeadlineText,
        ReportCycle = t.ReportCycle,
        InstructionLeader = t.Instruction?.LeaderName,
        InstructedOn = t.Instruction?.InstructedOn.ToDateTime(TimeOnly.MinValue),
        InstructionText = t.Instruction?.Text,
        DocumentTitle = t.Instruction?.DocumentTitle,
        DocumentNumber = t.Instruction?.DocumentNumber,
        MeetingName = t.Meeting?.MeetingName,
        MeetingHeldOn = t.Meeting?.HeldOn.ToDateTime(TimeOnly.MinValue),
        MeetingDecision = t.Meeting?.Decision,
        AgreementName = t.Agreement?.AgreementName,
        Counterpart = t.Agreement?.Counterpart,
        Milestones = t.Milestones.Select(m => new MilestoneInput { Date = m.Date.ToDateTime(TimeOnly.MinValue), PlannedPercent = m.PlannedPercent, Title = m.Title }).ToList(),
        HasIndicator = t.Indicator is not null,
        IndicatorName = t.Indicator?.Name,
        IndicatorUnit = t.Indicator?.UnitOfMeasure,
        IndicatorTarget = t.Indicator?.Target,
        IndicatorDirection = t.Indicator?.Direction ?? IndicatorDirection.HigherIsBetter,
        IndicatorMeasure = t.Indicator?.Measure ?? IndicatorMeasure.Cumulative,
        Version = t.Version,
    };
}

/// <summary>Quick-fill plans for milestones.</summary>
public static class MilestonePlan
{
    /// <summary>
    /// One node at the end of each calendar quarter that ends inside the span (offices report by quarter), plus the
    /// deadline itself. The planned progress of each node is the share of the task's own span elapsed by then, and
    /// its label says that share ("完成总工作量的25%"), never a calendar quarter: a task running July to June gets 25% at
    /// 9月30日. For a whole-year task that is 25 / 50 / 75 / 100% at the quarter ends.
    /// </summary>
    public static IReadOnlyList<Milestone> Quarterly(DateOnly start, DateOnly deadline)
    {
        if (deadline < start)
            return [];
        var dates = new List<DateOnly>();
        var quarterEnd = new DateOnly(start.Year, ((start.Month - 1) / 3 * 3) + 3, 1).AddMonths(1).AddDays(-1);
        while (quarterEnd < deadline)
        {
            if (quarterEnd >= start)
                dates.Add(quarterEnd);
            quarterEnd = new DateOnly(quarterEnd.Year, quarterEnd.Month, 1).AddMonths(4).AddDays(-1);
        }

        dates.Add(deadline);
        var span = deadline.DayNumber - start.DayNumber + 1;
        var list = new List<Milestone>(dates.Count);
        var previous = 0m;
        for (var i = 0; i < dates.Count; i++)
        {
            var last = i == dates.Count - 1;
            var elapsed = dates[i].DayNumber - start.DayNumber + 1;
            // Whole percents rising through the span; two nodes never plan the same share.
            var percent = last ? 100m : Math.Clamp(Math.Round(100m * elapsed / span, 0, MidpointRounding.AwayFromZero), previous + 1, 99m);
            previous = percent;
            list.Add(new Milestone(dates[i], percent, last ? "全面完成任务" : $"完成总工作量的{percent:0}%"));
        }

        return list;
    }
}
