using Supervision.Core.Domain;
using static Supervision.Tests.TestData;

namespace Supervision.Tests.Domain;

public sealed class SupervisionTaskTests
{
    [Fact]
    public void Registered_task_keeps_its_number_and_records_the_registration()
    {
        var task = Task();

        Assert.Equal("2026-ZD-001", task.Number);
        Assert.Equal(TaskState.Registered, task.State);
        Assert.Equal(task.Deadline, task.OriginalDeadline);
        Assert.Equal("task.registered", Assert.Single(task.PendingEvents).Action);
    }

    [Fact]
    public void Task_moves_through_assign_acknowledge_request_and_close()
    {
        var task = Task();
        task.Assign(Inspector, At);
        task.Acknowledge(Operator(1), At);
        task.RequestCompletion("已全部完工并验收。", Operator(1), At);
        task.SignOff(Inspector, At.AddDays(1));

        Assert.Equal(TaskState.Closed, task.State);
        Assert.Equal(At.AddDays(1), task.ClosedAt);
        Assert.Equal(["task.registered", "task.assigned", "task.acknowledged", "task.completion-requested", "task.closed"], task.PendingEvents.Select(e => e.Action));
    }

    [Fact]
    public void Unassigned_task_cannot_be_acknowledged()
    {
        var task = Task();

        var ex = Assert.Throws<DomainException>(() => task.Acknowledge(Operator(1), At));
        Assert.Contains("待交办", ex.Message);
    }

    [Fact]
    public void Cancelled_task_keeps_its_reason_and_refuses_further_changes()
    {
        var task = Task();
        task.Assign(Inspector, At);
        task.Cancel("因政策调整", Inspector, At);

        Assert.Equal(TaskState.Cancelled, task.State);
        Assert.Equal("因政策调整", task.CancelReason);
        var ex = Assert.Throws<DomainException>(() => task.ExtendDeadline(new DateOnly(2027, 1, 31), "延期", Inspector, At));
        Assert.Equal("任务已取消，不能再修改。", ex.Message);
    }

    [Fact]
    public void Cancel_needs_a_reason()
    {
        var task = Task();

        var ex = Assert.Throws<DomainException>(() => task.Cancel("  ", Inspector, At));
        Assert.Equal("取消原因不能为空。", ex.Message);
    }

    [Fact]
    public void Extension_moves_the_deadline_but_keeps_the_original_for_scoring()
    {
        var task = Task();
        task.Assign(Inspector, At);
        task.ExtendDeadline(new DateOnly(2027, 3, 31), "受汛期影响", Inspector, At);

        Assert.Equal(new DateOnly(2027, 3, 31), task.Deadline);
        Assert.Equal(new DateOnly(2026, 12, 31), task.OriginalDeadline);
    }

    [Fact]
    public void Extension_to_an_earlier_date_is_refused()
    {
        var task = Task();

        Assert.Throws<DomainException>(() => task.ExtendDeadline(new DateOnly(2026, 6, 30), "提前", Inspector, At));
    }

    [Fact]
    public void Deadline_of_an_assigned_task_changes_only_through_an_extension()
    {
        var task = Task();
        task.Assign(Inspector, At);

        var ex = Assert.Throws<DomainException>(() => task.Edit(Definition(1) with { Deadline = new DateOnly(2027, 6, 30) }, Inspector, At));
        Assert.Contains("延期申请", ex.Message);
    }

    [Fact]
    public void Lead_unit_cannot_also_assist()
    {
        var ex = Assert.Throws<DomainException>(() => Task(leadUnitId: 3, assisting: 3));
        Assert.Equal("牵头单位不能同时作为配合单位。", ex.Message);
    }

    [Fact]
    public void Lead_and_assisting_units_are_involved_and_others_are_not()
    {
        var task = Task(leadUnitId: 1, assisting: [2, 3]);

        Assert.True(task.Involves(1));
        Assert.True(task.Involves(3));
        Assert.False(task.Involves(4));
    }

    [Fact]
    public void Milestones_must_lie_inside_the_span_and_grow()
    {
        var task = Task();

        Assert.Throws<DomainException>(() => task.SetMilestones([new Milestone(new DateOnly(2027, 1, 1), 100, "完工")], Inspector, At));
        Assert.Throws<DomainException>(() => task.SetMilestones(
            [new Milestone(new DateOnly(2026, 3, 31), 50, "过半"), new Milestone(new DateOnly(2026, 6, 30), 40, "回落")], Inspector, At));
        task.SetMilestones([new Milestone(new DateOnly(2026, 6, 30), 50, "主体完工"), new Milestone(new DateOnly(2026, 3, 31), 25, "开工")], Inspector, At);
        Assert.Equal([25m, 50m], task.Milestones.Select(m => m.PlannedPercent));
    }

    [Fact]
    public void Instruction_details_only_fit_a_leader_instruction()
    {
        var task = Task();

        var ex = Assert.Throws<DomainException>(() => task.SetInstruction(new InstructionDetails("某领导", new DateOnly(2026, 2, 1), "请抓紧办理", null, null)));
        Assert.Contains("领导批示件", ex.Message);
    }
}
