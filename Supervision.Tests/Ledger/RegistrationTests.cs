using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

public sealed class RegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseTheory]
    [InlineData(TaskSource.AnnualKeyWork, "2026-ZD-001")]
    [InlineData(TaskSource.LeaderInstruction, "2026-PS-001")]
    [InlineData(TaskSource.MeetingDecision, "2026-HY-001")]
    [InlineData(TaskSource.SpecialWork, "2026-ZX-001")]
    public async Task Each_source_is_numbered_with_its_own_code(TaskSource source, string number)
    {
        await using var world = await LedgerWorld.CreateAsync();

        var registered = await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(source), Ct);

        Assert.Equal(number, registered.Number);
        await using var db = world.Db.CreateDbContext();
        var task = await db.Tasks.SingleAsync(t => t.Id == registered.Id, Ct);
        Assert.Equal(source, task.Source);
        Assert.Equal(TaskState.Registered, task.State);
        if (source == TaskSource.LeaderInstruction)
            Assert.Equal("澜发改〔2026〕12号", task.Instruction!.DocumentNumber);
        if (source == TaskSource.MeetingDecision)
            Assert.Equal("市政府第5次常务会议", task.Meeting!.MeetingName);
        if (source == TaskSource.SpecialWork)
            Assert.Equal("澜东区人民政府", task.Agreement!.Counterpart);
    }

    [DatabaseFact]
    public async Task Numbers_continue_from_the_sequence_and_a_refused_registration_uses_none()
    {
        await using var world = await LedgerWorld.CreateAsync();
        await using (var db = world.Db.CreateDbContext())
        {
            db.NumberSequences.Add(new NumberSequence("2026-ZD", 41));
            await db.SaveChangesAsync(Ct);
        }

        var registration = world.Registration();
        var first = await registration.RegisterAsync(LedgerWorld.Inspector, world.Form(title: "甲"), Ct);
        var bad = world.Form(title: "乙");
        bad.LeadUnitId = 99_999;
        await Assert.ThrowsAsync<DomainException>(() => registration.RegisterAsync(LedgerWorld.Inspector, bad, Ct));
        var second = await registration.RegisterAsync(LedgerWorld.Inspector, world.Form(title: "丙"), Ct);

        Assert.Equal("2026-ZD-042", first.Number);
        Assert.Equal("2026-ZD-043", second.Number);
    }

    [DatabaseFact]
    public async Task Concurrent_registrations_on_a_real_file_get_distinct_consecutive_numbers()
    {
        await using var world = await LedgerWorld.CreateAsync();
        const int count = 40;

        // Separate service instances and contexts, as separate circuits would have.
        var results = await Task.WhenAll(Enumerable.Range(1, count).Select(i => Task.Run(
            () => world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(TaskSource.LeaderInstruction, title: $"批示{i}"), Ct), Ct)));

        var numbers = results.Select(r => r.Number).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"2026-PS-{i:000}"), numbers);
        await using var db = world.Db.CreateDbContext();
        Assert.Equal(count, await db.Tasks.CountAsync(Ct));
        Assert.Equal(count, (await db.NumberSequences.SingleAsync(s => s.Key == "2026-PS", Ct)).Last);
    }

    [DatabaseFact]
    public async Task Only_the_office_may_register()
    {
        await using var world = await LedgerWorld.CreateAsync();

        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Registration().RegisterAsync(world.Operator("市财政局"), world.Form(), Ct));

        Assert.Equal("只有督查室管理员和督查员可以登记、修改、导入和交办任务。", ex.Message);
    }

    [Fact]
    public void Every_field_of_the_form_is_validated_with_a_chinese_message()
    {
        var input = new TaskInput
        {
            Source = TaskSource.LeaderInstruction,
            Year = 2026,
            Title = new string('长', 101),
            Content = " ",
            Start = new DateTime(2026, 6, 1),
            Deadline = new DateTime(2026, 5, 1),
            Milestones = [new MilestoneInput { Date = new DateTime(2027, 1, 1), PlannedPercent = 120, Title = "" }],
            HasIndicator = true,
        };

        var errors = input.Validate();

        Assert.Equal("任务名称不能超过100个字。", errors["Title"]);
        Assert.Equal("请填写任务内容。", errors["Content"]);
        Assert.Equal("请选择牵头单位。", errors["LeadUnitId"]);
        Assert.Equal("完成时限不能早于开始日期。", errors["Deadline"]);
        Assert.Equal("请填写批示领导。", errors["InstructionLeader"]);
        Assert.Equal("请选择批示日期。", errors["InstructedOn"]);
        Assert.Equal("请填写批示原文。", errors["InstructionText"]);
        Assert.Equal("第1个节点的日期应在任务起止日期之内。", errors["Milestones[0].Date"]);
        Assert.Equal("第1个节点的计划进度应在0到100之间。", errors["Milestones[0].PlannedPercent"]);
        Assert.Equal("第1个节点请填写形象进度。", errors["Milestones[0].Title"]);
        Assert.Equal("请填写指标名称。", errors["IndicatorName"]);
        Assert.Equal("请填写指标目标值。", errors["IndicatorTarget"]);
    }

    [Fact]
    public void Quarterly_quick_fill_puts_a_node_at_each_quarter_end_rising_to_100()
    {
        var input = new TaskInput { Start = new DateTime(2026, 1, 1), Deadline = new DateTime(2026, 12, 31) };

        input.FillQuarterlyMilestones();

        Assert.Equal([new DateTime(2026, 3, 31), new DateTime(2026, 6, 30), new DateTime(2026, 9, 30), new DateTime(2026, 12, 31)], input.Milestones.Select(m => m.Date!.Value));
        Assert.Equal([25m, 50m, 75m, 100m], input.Milestones.Select(m => m.PlannedPercent!.Value));
        Assert.Equal(["完成总工作量的25%", "完成总工作量的50%", "完成总工作量的75%", "全面完成任务"], input.Milestones.Select(m => m.Title));
    }

    [Fact]
    public void Quick_fill_labels_are_relative_to_the_tasks_own_span_not_calendar_quarters()
    {
        // July to June: the first node (9月30日) is a quarter of this task's time, not "前三季度".
        var input = new TaskInput { Start = new DateTime(2026, 7, 1), Deadline = new DateTime(2027, 6, 30) };

        input.FillQuarterlyMilestones();

        Assert.Equal([new DateTime(2026, 9, 30), new DateTime(2026, 12, 31), new DateTime(2027, 3, 31), new DateTime(2027, 6, 30)], input.Milestones.Select(m => m.Date!.Value));
        Assert.Equal([25m, 50m, 75m, 100m], input.Milestones.Select(m => m.PlannedPercent!.Value));
        Assert.Equal("完成总工作量的25%", input.Milestones[0].Title);
        Assert.DoesNotContain(input.Milestones, m => m.Title!.Contains("季度", StringComparison.Ordinal) || m.Title.Contains("上半年", StringComparison.Ordinal));

        // A span starting mid-quarter plans by the time elapsed: 2月15日 to 12月31日 is 14% gone by 3月31日.
        var late = new TaskInput { Start = new DateTime(2026, 2, 15), Deadline = new DateTime(2026, 12, 31) };
        late.FillQuarterlyMilestones();
        Assert.Equal([14m, 43m, 71m, 100m], late.Milestones.Select(m => m.PlannedPercent!.Value));
    }

    [DatabaseFact]
    public async Task Milestones_and_indicator_are_saved_with_the_task()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var form = world.Form();
        form.FillQuarterlyMilestones();
        form.HasIndicator = true;
        form.IndicatorName = "改造道路";
        form.IndicatorUnit = "条";
        form.IndicatorTarget = 10;

        var registered = await world.Registration().RegisterAsync(LedgerWorld.Inspector, form, Ct);

        var detail = await world.Detail().GetAsync(LedgerWorld.Inspector, registered.Id, Ct);
        Assert.Equal(4, detail!.Milestones.Count);
        Assert.Equal(10m, detail.Indicator!.Target);
        Assert.Contains(detail.Timeline, e => e.Summary.StartsWith("登记任务 2026-ZD-001", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task One_meeting_yields_several_tasks_each_with_its_own_number_and_the_same_meeting()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var first = world.Form(TaskSource.MeetingDecision, title: "城区道路改造");
        var registered = await world.Registration().RegisterAsync(LedgerWorld.Inspector, first, Ct);

        var next = first.NextFromSameSource();
        Assert.Equal(("", "", null, 0), (next.Title, next.Content, next.LeadUnitId, next.AssistingUnitIds.Count));
        Assert.Equal("请填写任务名称。", next.Validate()["Title"]);
        next.Title = "城区排水管网改造";
        next.Content = "完成城区排水管网改造30公里。";
        next.LeadUnitId = world.Units["市住建局"];
        var second = await world.Registration().RegisterAsync(LedgerWorld.Inspector, next, Ct);

        Assert.Equal(("2026-HY-001", "2026-HY-002"), (registered.Number, second.Number));
        var a = await world.Detail().GetAsync(LedgerWorld.Inspector, registered.Id, Ct);
        var b = await world.Detail().GetAsync(LedgerWorld.Inspector, second.Id, Ct);
        Assert.Equal(a!.Meeting, b!.Meeting);
        Assert.Equal("市住建局", b.LeadUnit);
    }

    [DatabaseFact]
    public async Task A_stale_edit_is_refused_with_who_saved_in_between()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var registered = await world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(), Ct);
        var mine = (await world.Registration().LoadForEditAsync(LedgerWorld.Inspector, registered.Id, Ct))!;
        var theirs = (await world.Registration().LoadForEditAsync(LedgerWorld.Admin, registered.Id, Ct))!;

        theirs.Title = "他人先改的名称";
        await world.Registration().UpdateAsync(LedgerWorld.Admin, registered.Id, theirs, Ct);
        mine.Title = "我后改的名称";
        var ex = await Assert.ThrowsAsync<DomainException>(() => world.Registration().UpdateAsync(LedgerWorld.Inspector, registered.Id, mine, Ct));

        Assert.Contains("被管理员甲修改", ex.Message);
        Assert.Contains("您的修改未保存", ex.Message);
        await using var db = world.Db.CreateDbContext();
        Assert.Equal("他人先改的名称", (await db.Tasks.SingleAsync(Ct)).Title);
    }
}
