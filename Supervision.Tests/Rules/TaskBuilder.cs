using Supervision.Core.Rules;

namespace Supervision.Tests.Rules;

/// <summary>Builds <see cref="TaskFacts"/> for rule tests, with a 100-day default span so that day n is n% of time.</summary>
internal sealed class TaskBuilder
{
    /// <summary>First day of the default span.</summary>
    public static readonly DateOnly Start = new(2026, 1, 1);

    /// <summary>Last day of the default span: 2026-01-01 + 99 days, so the span is exactly 100 days.</summary>
    public static readonly DateOnly Deadline100 = new(2026, 4, 10);

    private readonly List<MilestoneFact> _milestones = [];
    private readonly List<ProgressPoint> _progress = [];
    private readonly List<DueReport> _dueReports = [];
    private DateOnly _start = Start;
    private DateOnly _deadline = Deadline100;
    private IndicatorFact? _indicator;
    private DateOnly? _closedOn;
    private DateOnly? _assignedOn;
    private bool _unassigned;
    private DateOnly? _cancelledOn;
    private readonly List<DeadlineChange> _deadlineChanges = [];

    /// <summary>Day <paramref name="n"/> (1-based) of the default 100-day span; time progress there is n%.</summary>
    public static DateOnly Day(int n) => Start.AddDays(n - 1);

    /// <summary>A date in 2026.</summary>
    public static DateOnly D(int month, int day) => new(2026, month, day);

    public static TaskBuilder Task() => new();

    /// <summary>A task over the whole of 2026 (365 days).</summary>
    public static TaskBuilder YearTask() => new TaskBuilder().Span(D(1, 1), D(12, 31));

    public TaskBuilder Span(DateOnly start, DateOnly deadline)
    {
        _start = start;
        _deadline = deadline;
        return this;
    }

    public TaskBuilder Reported(DateOnly acceptedAt, decimal percent)
    {
        _progress.Add(new ProgressPoint(acceptedAt, percent, null));
        return this;
    }

    /// <summary>An accepted report for the cycle <paramref name="from"/>…<paramref name="to"/>.</summary>
    public TaskBuilder Report(DateOnly from, DateOnly to, DateOnly acceptedAt, decimal percent)
    {
        _progress.Add(new ProgressPoint(acceptedAt, percent, null, from, to));
        return this;
    }

    /// <summary>Not assigned (待交办).</summary>
    public TaskBuilder Unassigned()
    {
        _unassigned = true;
        return this;
    }

    /// <summary>Assigned (交办) on <paramref name="on"/> instead of on the start.</summary>
    public TaskBuilder AssignedOn(DateOnly on)
    {
        _unassigned = false;
        _assignedOn = on;
        return this;
    }

    public TaskBuilder Actual(DateOnly acceptedAt, decimal value)
    {
        _progress.Add(new ProgressPoint(acceptedAt, null, value));
        return this;
    }

    public TaskBuilder Indicator(
        decimal target,
        IndicatorDirection direction = IndicatorDirection.HigherIsBetter,
        IndicatorMeasure measure = IndicatorMeasure.Rate,
        string unit = "%")
    {
        _indicator = new IndicatorFact(target, direction, measure, unit);
        return this;
    }

    public TaskBuilder Milestone(DateOnly date, decimal plannedPercent, string title = "节点")
    {
        _milestones.Add(new MilestoneFact(date, plannedPercent, title));
        return this;
    }

    public TaskBuilder Owes(string periodLabel, DateOnly dueDate, DateOnly? submittedAt = null, DateOnly periodEnd = default)
    {
        _dueReports.Add(new DueReport(periodLabel, dueDate, submittedAt, periodEnd));
        return this;
    }

    /// <summary>An extension approved on <paramref name="on"/>: the deadline moves from the current one to <paramref name="to"/>.</summary>
    public TaskBuilder Extended(DateOnly on, DateOnly to)
    {
        _deadlineChanges.Add(new DeadlineChange(on, _deadline, to));
        _deadline = to;
        return this;
    }

    public TaskBuilder Closed(DateOnly on)
    {
        _closedOn = on;
        return this;
    }

    public TaskBuilder Cancelled(DateOnly on)
    {
        _cancelledOn = on;
        return this;
    }

    /// <summary>Builds with <see cref="List{T}"/> collections (the interface path of the rules).</summary>
    public TaskFacts Build() =>
        new TaskFacts(1, _start, _deadline, _milestones.ToList(), _indicator, _progress.ToList(), _dueReports.ToList(), _closedOn, _cancelledOn, _deadlineChanges.Count > 0 ? _deadlineChanges.ToList() : null)
        {
            AssignedOn = _unassigned ? null : _assignedOn ?? DateOnly.MinValue,
        };

    /// <summary>Builds with arrays (the fast path of the rules).</summary>
    public TaskFacts BuildWithArrays() =>
        new TaskFacts(1, _start, _deadline, _milestones.ToArray(), _indicator, _progress.ToArray(), _dueReports.ToArray(), _closedOn, _cancelledOn, _deadlineChanges.Count > 0 ? _deadlineChanges.ToArray() : null)
        {
            AssignedOn = _unassigned ? null : _assignedOn ?? DateOnly.MinValue,
        };

    /// <summary>Evaluates the built task at <paramref name="point"/>.</summary>
    public TaskEvaluation Evaluate(JudgementPoint point, RuleThresholds? thresholds = null) =>
        TaskRules.Evaluate(Build(), point, thresholds ?? RuleThresholds.Default);

    /// <summary>Evaluates the built task with <paramref name="thresholds"/> (default thresholds when null).</summary>
    public TaskEvaluation EvaluateAsOf(DateOnly asOf, RuleThresholds? thresholds = null) =>
        TaskRules.Evaluate(Build(), asOf, thresholds ?? RuleThresholds.Default);

    /// <summary>The words for the built task as of <paramref name="asOf"/>.</summary>
    public string DescribeAsOf(DateOnly asOf, RuleThresholds? thresholds = null)
    {
        var facts = Build();
        return TaskRules.Evaluate(facts, asOf, thresholds ?? RuleThresholds.Default).Describe(facts);
    }
}
