using Supervision.Core.Rules;

namespace Supervision.Core.Domain;

/// <summary>Chinese names of domain values, kept in one place so every page and document says the same.</summary>
public static class DisplayNames
{
    public static string Of(UnitKind kind) => kind switch
    {
        UnitKind.County => "县市区",
        UnitKind.Department => "市直部门",
        UnitKind.DevelopmentZone => "开发区",
        _ => "其他",
    };

    public static string Of(TaskSource source) => source switch
    {
        TaskSource.AnnualKeyWork => "年度重点工作",
        TaskSource.LeaderInstruction => "领导批示件",
        TaskSource.MeetingDecision => "会议决策部署",
        _ => "专项重点工作",
    };

    /// <summary>The code used in the unified task number.</summary>
    public static string CodeOf(TaskSource source) => source switch
    {
        TaskSource.AnnualKeyWork => "ZD",
        TaskSource.LeaderInstruction => "PS",
        TaskSource.MeetingDecision => "HY",
        _ => "ZX",
    };

    public static string Of(ReportCycle cycle) => cycle switch
    {
        ReportCycle.Monthly => "每月",
        ReportCycle.Quarterly => "每季度",
        _ => "一次性",
    };

    public static string Of(TaskState state) => state switch
    {
        TaskState.Registered => "待交办",
        TaskState.Assigned => "已交办",
        TaskState.InProgress => "办理中",
        TaskState.CompletionRequested => "申请办结",
        TaskState.Closed => "已销号",
        _ => "已取消",
    };

    public static string Of(RevisionState state) => state switch
    {
        RevisionState.Draft => "草稿",
        RevisionState.AwaitingSupervisor => "待主管领导审核",
        RevisionState.AwaitingPrincipal => "待主要领导审批",
        RevisionState.Submitted => "已报送",
        RevisionState.Accepted => "已采纳",
        _ => "已退回",
    };

    public static string Of(ReportStepAction action) => action switch
    {
        ReportStepAction.Drafted => "起草",
        ReportStepAction.SentForReview => "提交审核",
        ReportStepAction.ApprovedBySupervisor => "主管领导审核通过",
        ReportStepAction.ApprovedByPrincipal => "主要领导审批通过并报送",
        ReportStepAction.Accepted => "督查员采纳",
        ReportStepAction.Returned => "督查员退回",
        _ => "单位内退回",
    };

    public static string Of(SpotCheckMethod method) => method switch
    {
        SpotCheckMethod.OnSite => "实地",
        SpotCheckMethod.Unannounced => "暗访",
        SpotCheckMethod.Phone => "电话",
        _ => "材料",
    };

    public static string Of(SpotCheckResult result) => result switch
    {
        SpotCheckResult.Confirmed => "属实",
        SpotCheckResult.PartlyConfirmed => "部分属实",
        _ => "不属实",
    };

    public static string Of(TrafficLight light) => light switch
    {
        TrafficLight.Green => "绿灯",
        TrafficLight.Yellow => "黄灯",
        TrafficLight.Red => "红灯",
        TrafficLight.Done => "已完成",
        TrafficLight.Unreported => "未报送",
        TrafficLight.NotAssigned => "待交办",
        TrafficLight.NotYetDue => "未到期",
        _ => "已取消",
    };

    /// <summary>What a light means for the work, as dashboards label it.</summary>
    public static string MeaningOf(TrafficLight light) => light switch
    {
        TrafficLight.Green => "按进度推进",
        TrafficLight.Yellow => "滞后",
        TrafficLight.Red => "严重滞后",
        TrafficLight.Done => "已完成",
        TrafficLight.Unreported => "未报送",
        TrafficLight.NotAssigned => "待交办",
        TrafficLight.NotYetDue => "未到报送期",
        _ => "已取消",
    };

    public static string Of(PeriodOutcome outcome) => outcome switch
    {
        PeriodOutcome.Completed => "完成",
        PeriodOutcome.PartiallyCompleted => "部分完成",
        PeriodOutcome.NotCompleted => "未完成",
        PeriodOutcome.Unreported => "未报送",
        PeriodOutcome.OnSchedule => "完成进度",
        PeriodOutcome.BehindSchedule => "未完成进度",
        PeriodOutcome.NoData => "暂无数据",
        PeriodOutcome.NotCounted => "未计入",
        _ => "取消",
    };

    public static string Of(DoubleHalfStatus status) => status switch
    {
        DoubleHalfStatus.Met => "达标",
        DoubleHalfStatus.NotMet => "未达标",
        DoubleHalfStatus.NotYetHalfTime => "未到时间过半",
        _ => "不作评价",
    };

    /// <summary>A calendar date the way Chinese documents write it: 2026年6月30日.</summary>
    public static string Date(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";
}
