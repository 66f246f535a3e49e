namespace Supervision.Core.Audit;

/// <summary>
/// What the office calls each field of an audited record, so a finding reads 「牵头单位」 rather than LeadUnitId.
/// A test checks that every field of every audited entity has a name here.
/// </summary>
public static class AuditFieldNames
{
    private static readonly Dictionary<string, string> _names = new(StringComparer.Ordinal)
    {
        // Tasks
        ["Id"] = "编号", ["Year"] = "年度", ["Source"] = "任务来源", ["Number"] = "编号", ["Sequence"] = "序号",
        ["CategoryId"] = "类别", ["Title"] = "名称/标题", ["Content"] = "任务内容", ["Target"] = "目标要求",
        ["LeadUnitId"] = "牵头单位", ["ResponsibleLeaderId"] = "责任领导", ["Start"] = "开始日期", ["Deadline"] = "完成时限",
        ["OriginalDeadline"] = "原定完成时限", ["DeadlineText"] = "完成时限原文", ["ReportCycle"] = "报送周期", ["State"] = "状态",
        ["RegisteredAt"] = "登记时间", ["AssignedAt"] = "交办时间", ["ClosedAt"] = "关闭（销号/关账）时间", ["CancelledAt"] = "取消时间",
        ["CancelReason"] = "取消原因", ["Version"] = "版本号", ["AssistingUnits"] = "配合单位", ["Milestones"] = "节点",
        ["Indicator"] = "指标", ["Instruction"] = "领导批示件信息", ["Meeting"] = "会议决策信息", ["Agreement"] = "专项工作信息",
        ["TaskId"] = "所属任务", ["UnitId"] = "单位", ["Date"] = "日期", ["PlannedPercent"] = "计划进度",
        ["Name"] = "名称", ["UnitOfMeasure"] = "计量单位", ["Direction"] = "指标方向", ["Measure"] = "指标类型",
        ["LeaderName"] = "领导", ["InstructedOn"] = "批示日期", ["Text"] = "内容", ["DocumentTitle"] = "来文标题",
        ["DocumentNumber"] = "来文文号", ["MeetingName"] = "会议名称", ["HeldOn"] = "会议日期", ["Decision"] = "决定事项",
        ["AgreementName"] = "责任书/协议名称", ["Counterpart"] = "签订对象",

        // Reports, revisions, steps
        ["PeriodKey"] = "报告期", ["PeriodLabel"] = "报告期名称", ["PeriodEnd"] = "报告期末", ["DueDate"] = "报送截止日",
        ["FirstSubmittedAt"] = "首次报送时间", ["FoundFalseAt"] = "抽查不属实时间", ["Revisions"] = "版本", ["ReportId"] = "所属报告",
        ["Progress"] = "进展情况", ["Problems"] = "存在问题", ["NextSteps"] = "下步措施", ["ProgressPercent"] = "总体进度",
        ["IndicatorActual"] = "指标累计完成值", ["CreatedAt"] = "创建时间", ["SubmittedAt"] = "报送时间", ["DecidedAt"] = "审定时间",
        ["Steps"] = "审核步骤", ["RevisionId"] = "所属版本", ["Action"] = "操作", ["ActorId"] = "操作人账号",
        ["ActorName"] = "操作人", ["At"] = "时间", ["Comment"] = "意见",

        // Spot checks
        ["RevisionNumber"] = "版本", ["Method"] = "核实方式", ["Result"] = "核实结果", ["CheckedOn"] = "核实日期",
        ["Notes"] = "核实情况", ["Evidence"] = "佐证材料说明", ["InspectorName"] = "督查员", ["RecordedAt"] = "记录时间",

        // Decisions
        ["CurrentDeadline"] = "原完成时限", ["RequestedDeadline"] = "申请延至", ["Reason"] = "理由", ["RequestedByName"] = "申请人",
        ["RequestedAt"] = "申请时间", ["EndorsedByName"] = "签署人", ["EndorsedAt"] = "签署时间", ["EndorseComment"] = "签署意见",
        ["DecidedByName"] = "审批人", ["DecisionComment"] = "审批意见", ["Problem"] = "问题", ["HelpNeeded"] = "需协调事项",
        ["FromWhom"] = "请求协调对象", ["RaisedByName"] = "申请人", ["RaisedAt"] = "申请时间", ["RoutedToLeaderId"] = "转交领导",
        ["RoutedToName"] = "转交对象", ["RouteNote"] = "转交说明", ["RoutedByName"] = "转交人", ["RoutedAt"] = "转交时间",
        ["Answer"] = "协调意见", ["AnsweredByName"] = "答复人", ["AnsweredAt"] = "答复时间", ["RequiresResponse"] = "须报告落实情况",
        ["GivenAt"] = "批示时间", ["Response"] = "落实情况", ["RespondedByName"] = "报告人", ["RespondedAt"] = "报告时间",
        ["AuthorId"] = "填写人账号", ["AuthorName"] = "填写人", ["Label"] = "报告期名称", ["End"] = "截止日期",
        ["ClosedByName"] = "关账人", ["Corrections"] = "更正次数",

        // Bulletins
        ["Addressees"] = "主送", ["Opening"] = "开头", ["Overall"] = "总体情况", ["Lagging"] = "落后事项", ["Requirements"] = "工作要求",
        ["Issuer"] = "发文单位", ["IssuedOn"] = "签发日期", ["IssuedAt"] = "签发时间", ["IssuedByName"] = "签发人",
        ["PdfDocumentId"] = "通报文件", ["TableDocumentId"] = "完成情况表文件", ["UpdatedAt"] = "修改时间", ["UpdatedByName"] = "修改人",
    };

    /// <summary>The Chinese name of a field (the property name itself when none is known).</summary>
    public static string Of(string property) => _names.GetValueOrDefault(property, property);

    /// <summary>Whether a field has a Chinese name.</summary>
    public static bool Knows(string property) => _names.ContainsKey(property);
}
