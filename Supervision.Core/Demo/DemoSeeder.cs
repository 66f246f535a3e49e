using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Demo;

/// <summary>Writes the demo city through the domain's guarded methods, in a few saves inside the caller's transaction.</summary>
internal sealed class DemoSeeder(SupervisionDbContext db, DateTime now)
{
    private readonly DateOnly _today = ChinaTime.DateOf(now);
    private readonly Dictionary<string, Unit> _units = [];
    private readonly Dictionary<string, (Actor Operator, Actor Supervisor, Actor Principal)> _people = [];
    private readonly Dictionary<string, Leader> _leaders = [];
    private readonly Dictionary<string, Category> _categories = [];

    private static Actor Registrar => DemoDirectory.Inspectors[0];

    public async Task<DemoSeedResult> RunAsync(CancellationToken ct)
    {
        var year = _today.Year;
        var tasks = Schedule(year);
        var setupAt = Min(DemoTime.At(new DateOnly(year, 1, 5), 9, 0), tasks[0].RegisteredAt.AddMinutes(-30));

        await SeedDirectoryAsync(year, setupAt, ct);

        foreach (var t in tasks)
            t.Task = Register(year, t);
        db.Tasks.AddRange(tasks.Select(t => t.Task!));
        await db.SaveChangesAsync(ct);

        var planner = new ReportPlanner(now, _today);
        var noticeSequence = 0;
        var reports = new List<(ScheduledTask Task, PeriodPlan Plan, ProgressReport Report)>();
        foreach (var t in tasks.OrderBy(t => t.AssignedAt))
        {
            var acknowledged = Assign(year, t, ++noticeSequence);
            t.Plan = planner.Plan(t.Spec, t.Number, acknowledged ?? t.AssignedAt);
            foreach (var period in t.Plan.Periods)
                reports.Add((t, period, Write(t, period)));
            Finish(t);
        }

        db.Reports.AddRange(reports.Select(r => r.Report));
        await db.SaveChangesAsync(ct);

        var checks = SpotChecks(tasks, reports);
        db.SpotChecks.AddRange(checks);
        foreach (var source in Enum.GetValues<TaskSource>())
            db.NumberSequences.Add(new NumberSequence(TaskNumbers.SequenceKey(year, source), tasks.Count(t => t.Spec.Source == source)));
        db.NumberSequences.Add(new NumberSequence(TaskNumbers.NoticeSequenceKey(year), noticeSequence));
        await db.SaveChangesAsync(ct);

        return Result(year, tasks, reports.Select(r => r.Report).ToList(), checks.Count, noticeSequence);
    }

    /// <summary>Numbers every task and fixes when it is registered and assigned; nothing lies in the future.</summary>
    private List<ScheduledTask> Schedule(int year)
    {
        var annual = DemoCatalog.Annual(year)
            .Select((spec, i) => new ScheduledTask(spec, i + 1, DemoTime.At(spec.Registered, 9, 0).AddMinutes(3 * i), DemoTime.At(spec.Assigned, 9, 30).AddMinutes(2 * i)))
            .ToList();

        // Early in January the office has only just started: squeeze the annual batch into the hours before now.
        var shift = annual[^1].AssignedAt - now.AddHours(-1);
        if (shift > TimeSpan.Zero)
            annual = annual.Select(t => new ScheduledTask(t.Spec, t.Sequence, t.RegisteredAt - shift, t.AssignedAt - shift)).ToList();

        var list = new List<ScheduledTask>(annual);
        foreach (var group in new[] { DemoCatalog.Instructions(year, _today), DemoCatalog.Meetings(year, _today), DemoCatalog.Agreements(year, _today) })
        {
            for (var i = 0; i < group.Count; i++)
            {
                var spec = group[i];
                var rng = DemoRandom.For($"{spec.Source}|{spec.Title}|dates");
                var registered = DemoTime.Office(spec.Registered, rng);
                var assigned = DemoTime.Office(spec.Assigned, rng).AddMinutes(i);
                list.Add(new ScheduledTask(spec, i + 1, Min(registered, now.AddHours(-2)), Min(assigned, now.AddHours(-1))));
            }
        }

        foreach (var t in list)
            t.Number = TaskNumbers.Format(year, t.Spec.Source, t.Sequence);
        return list;
    }

    private async Task SeedDirectoryAsync(int year, DateTime at, CancellationToken ct)
    {
        var admin = DemoDirectory.Admin;
        for (var i = 0; i < DemoDirectory.Units.Length; i++)
        {
            var spec = DemoDirectory.Units[i];
            var unit = new Unit(spec.Name, spec.Kind, i + 1, spec.ShortName);
            foreach (var alias in spec.Aliases)
                unit.AddAlias(alias, admin, at);
            _units[spec.Code] = unit;
        }

        for (var i = 0; i < DemoDirectory.Categories.Length; i++)
            _categories[DemoDirectory.Categories[i]] = new Category(year, DemoDirectory.Categories[i], i + 1);

        db.Units.AddRange(_units.Values);
        db.Categories.AddRange(_categories.Values);
        await db.SaveChangesAsync(ct);

        for (var i = 0; i < DemoDirectory.Leaders.Length; i++)
        {
            var spec = DemoDirectory.Leaders[i];
            var leader = new Leader(spec.Name, spec.Title, i + 1);
            leader.SetOverseenUnits(spec.Oversees.Select(code => _units[code].Id), admin, at.AddMinutes(10));
            _leaders[spec.Name] = leader;
        }

        db.Leaders.AddRange(_leaders.Values);
        for (var i = 0; i < DemoDirectory.Groups.Length; i++)
        {
            var spec = DemoDirectory.Groups[i];
            var group = UnitGroup.Create(spec.Name, i + 1, spec.Kinds, [], admin, at.AddMinutes(10));
            foreach (var alias in spec.Aliases)
                group.AddAlias(alias, admin, at.AddMinutes(10));
            db.UnitGroups.Add(group);
        }

        await db.SaveChangesAsync(ct);

        foreach (var spec in DemoDirectory.Units)
        {
            var id = _units[spec.Code].Id;
            var (op, sup, pri) = DemoDirectory.PeopleOf(spec.Code);
            _people[spec.Code] = (
                new Actor($"{spec.Code}.operator", op, new HashSet<string> { Roles.UnitOperator }, id),
                new Actor($"{spec.Code}.supervisor", sup, new HashSet<string> { Roles.UnitSupervisor }, id),
                new Actor($"{spec.Code}.principal", pri, new HashSet<string> { Roles.UnitPrincipal }, id));
        }
    }

    private SupervisionTask Register(int year, ScheduledTask t)
    {
        var spec = t.Spec;
        var leader = spec.LeaderName ?? DemoDirectory.Leaders.First(l => l.Oversees.Contains(spec.Lead)).Name;
        var definition = new TaskDefinition(
            year,
            spec.Category is null ? null : _categories[spec.Category].Id,
            spec.Title,
            spec.Content,
            spec.Target,
            _units[spec.Lead].Id,
            spec.Assist.Select(code => _units[code].Id).ToList(),
            _leaders[leader].Id,
            spec.Start,
            spec.Deadline,
            spec.DeadlineText,
            spec.Cycle);
        var task = SupervisionTask.Register(spec.Source, t.Number, t.Sequence, definition, Registrar, t.RegisteredAt);
        if (spec.Indicator is { } i)
            task.SetIndicator(new TaskIndicator(i.Name, i.Unit, i.Target, i.Direction, i.Measure), Registrar, t.RegisteredAt.AddMinutes(1));
        if (spec.Milestones.Count > 0)
            task.SetMilestones(spec.Milestones.Select(m => new Milestone(m.Date, m.Percent, m.Title)), Registrar, t.RegisteredAt.AddMinutes(2));
        if (spec.Instruction is { } instruction)
            task.SetInstruction(instruction);
        if (spec.Meeting is { } meeting)
            task.SetMeeting(meeting);
        if (spec.Agreement is { } agreement)
            task.SetAgreement(agreement);
        task.Assign(Registrar, t.AssignedAt);
        return task;
    }

    /// <summary>Issues the 督查通知单 and records the units' 签收; returns when the lead unit signed (null if not yet).</summary>
    private DateTime? Assign(int year, ScheduledTask t, int sequence)
    {
        var task = t.Task!;
        var sourceName = t.Spec.Source switch
        {
            TaskSource.AnnualKeyWork => $"《{year}年政府工作报告》重点工作",
            TaskSource.LeaderInstruction => "市领导批示",
            TaskSource.MeetingDecision => $"{t.Spec.Meeting!.MeetingName}决定事项",
            _ => t.Spec.Agreement!.AgreementName,
        };
        var rule = t.Spec.Cycle switch
        {
            ReportCycle.Monthly => "每月5日前",
            ReportCycle.Quarterly => "每季度结束后次月5日前",
            _ => $"于{DisplayNames.Date(t.Spec.Deadline)}前",
        };
        var notice = new Notice(task, TaskNumbers.NoticeNumber(year, sequence), DemoTexts.NoticeRequirements(sourceName, rule), Registrar, t.AssignedAt);
        db.Notices.Add(notice);
        if (!t.Spec.Acknowledged)
            return null;

        DateTime? leadAt = null;
        var rng = DemoRandom.For($"{t.Number}|ack");
        foreach (var receipt in notice.Receipts.OrderByDescending(r => r.IsLead).ToList())
        {
            var code = CodeOf(receipt.UnitId);
            var at = DemoTime.After(t.AssignedAt, rng, 0, receipt.IsLead ? 2 : 4);
            if (at > now)
                continue;
            notice.Acknowledge(receipt.UnitId, _people[code].Operator, at);
            if (receipt.IsLead)
            {
                task.Acknowledge(_people[code].Operator, at);
                leadAt = at;
            }
        }

        return leadAt;
    }

    private ProgressReport Write(ScheduledTask t, PeriodPlan plan)
    {
        var task = t.Task!;
        var (op, sup, pri) = _people[t.Spec.Lead];
        var inspector = InspectorOf(t);
        var isIndicator = task.Indicator is not null;
        ProgressReport? report = null;
        foreach (var step in plan.Steps)
        {
            switch (step.Kind)
            {
                case StepKind.Open:
                    report = ProgressReport.Open(task, plan.Period, plan.First, op, step.At);
                    break;
                case StepKind.Send:
                    report!.SendForReview(op, step.At);
                    break;
                case StepKind.UnitReject:
                    report!.RejectInUnit(sup, step.At, step.Text!);
                    break;
                case StepKind.Edit:
                    report!.EditDraft(plan.Final, isIndicator, op, step.At);
                    break;
                case StepKind.SupervisorApprove:
                    report!.ApproveAsSupervisor(sup, step.At, step.Text);
                    break;
                case StepKind.PrincipalApprove:
                    report!.ApproveAsPrincipal(pri, step.At, step.Text);
                    break;
                case StepKind.Return:
                    report!.Return(inspector, step.At, step.Text!);
                    break;
                case StepKind.Accept:
                    report!.Accept(inspector, step.At, step.Text);
                    break;
            }
        }

        return report!;
    }

    private void Finish(ScheduledTask t)
    {
        var task = t.Task!;
        var plan = t.Plan!;
        if (plan.CancelledAt is { } cancelled)
        {
            task.Cancel(DemoCatalog.CancelReason, Registrar, cancelled);
            return;
        }

        if (plan.CompletionRequestedAt is not { } requested || task.State != TaskState.InProgress)
            return;
        var rng = DemoRandom.For($"{t.Number}|evidence");
        task.RequestCompletion(rng.Pick(DemoTexts.CompletionEvidence), _people[t.Spec.Lead].Operator, requested);
        if (plan.ClosedAt is { } closed)
            task.Close(InspectorOf(t), closed);
    }

    private List<SpotCheck> SpotChecks(List<ScheduledTask> tasks, List<(ScheduledTask Task, PeriodPlan Plan, ProgressReport Report)> reports)
    {
        var checks = new List<SpotCheck>();
        foreach (var t in tasks.Where(t => t.Spec.SpotCheck is not null))
        {
            var accepted = reports.Where(r => r.Task == t && r.Report.AcceptedRevision is not null).ToList();
            if (accepted.Count == 0)
                continue;
            var (_, _, report) = accepted[(accepted.Count - 1) / 2];
            var revision = report.AcceptedRevision!;
            var rng = DemoRandom.For($"{t.Number}|check");
            var checkedOn = ChinaTime.DateOf(revision.DecidedAt!.Value).AddDays(rng.Between(4, 10));
            var recordedAt = DemoTime.At(checkedOn, 16, rng.Between(0, 59));
            if (recordedAt > now)
                continue;
            var spec = t.Spec.SpotCheck!;
            checks.Add(new SpotCheck(report, revision.Number, spec.Method, spec.Result, checkedOn, spec.Notes, spec.Evidence, InspectorOf(t), recordedAt));
        }

        return checks;
    }

    private DemoSeedResult Result(int year, List<ScheduledTask> tasks, List<ProgressReport> reports, int spotChecks, int notices)
    {
        var missing = 0;
        foreach (var t in tasks.Where(t => !t.Task!.IsFinished && !t.Plan!.WorkDone))
        {
            var filed = t.Plan!.Periods.Select(p => p.Period.Key).ToHashSet();
            missing += ReportSchedule.PeriodsFor(t.Spec.Start, t.Spec.Deadline, t.Spec.Cycle)
                .Count(p => p.DueDate.AddDays(3) < _today && !filed.Contains(p.Key));
        }

        var counts = new DemoSeedCounts(
            Units: _units.Count,
            Leaders: _leaders.Count,
            Categories: _categories.Count,
            AnnualTasks: tasks.Count(t => t.Spec.Source == TaskSource.AnnualKeyWork),
            InstructionTasks: tasks.Count(t => t.Spec.Source == TaskSource.LeaderInstruction),
            MeetingTasks: tasks.Count(t => t.Spec.Source == TaskSource.MeetingDecision),
            SpecialTasks: tasks.Count(t => t.Spec.Source == TaskSource.SpecialWork),
            Notices: notices,
            Reports: reports.Count,
            Revisions: reports.Sum(r => r.Revisions.Count),
            ReturnedRevisions: reports.Sum(r => r.Revisions.Count(v => v.State == RevisionState.Returned)),
            LateReports: reports.Count(r => r.FirstSubmittedAt is { } s && ChinaTime.DateOf(s) > r.DueDate.AddDays(3)),
            MissingReports: missing,
            SpotChecks: spotChecks);

        var demoUnits = DemoDirectory.DemoUnitCodes.Select(code =>
        {
            var spec = DemoDirectory.Units.Single(u => u.Code == code);
            var people = _people[code];
            return new DemoUnit(_units[code].Id, code, spec.Name, spec.Display, spec.Kind, people.Operator.Name, people.Supervisor.Name, people.Principal.Name);
        }).ToList();

        return new DemoSeedResult(year, _today, DemoCity.CityName, demoUnits, counts);
    }

    private string CodeOf(int unitId) => _units.First(u => u.Value.Id == unitId).Key;

    private static Actor InspectorOf(ScheduledTask t) =>
        DemoDirectory.Inspectors[(int)(DemoRandom.Hash(t.Number) % (ulong)DemoDirectory.Inspectors.Length)];

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>A task with its number and registration times, and later its entity and report plan.</summary>
    private sealed class ScheduledTask(TaskSpec spec, int sequence, DateTime registeredAt, DateTime assignedAt)
    {
        public TaskSpec Spec { get; } = spec;
        public int Sequence { get; } = sequence;
        public DateTime RegisteredAt { get; } = registeredAt;
        public DateTime AssignedAt { get; } = assignedAt;
        public string Number { get; set; } = "";
        public SupervisionTask? Task { get; set; }
        public TaskPlan? Plan { get; set; }
    }
}
