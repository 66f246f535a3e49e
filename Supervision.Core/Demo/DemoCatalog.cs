using Supervision.Core.Domain;
using Supervision.Core.Rules;

namespace Supervision.Core.Demo;

/// <summary>How a task's work goes over the year; the report values are generated from it.</summary>
internal enum Pace
{
    /// <summary>On schedule or a little ahead (green).</summary>
    OnTrack,

    /// <summary>Well ahead; reaches 100% months early and is closed out (销号).</summary>
    Early,

    /// <summary>Lags its time schedule by 12–16 points as of today (yellow).</summary>
    Lagging,

    /// <summary>Lags by 22–30 points (red).</summary>
    Behind,

    /// <summary>Below the planned percent of its last due milestone (red, 节点未达成).</summary>
    MilestoneMiss,

    /// <summary>Lagging, and past its deadline unfinished once the deadline has gone by (red, 未完成).</summary>
    Overrun,

    /// <summary>On track, but the latest due report was never filed (yellow, 逾期未报).</summary>
    Silent,

    /// <summary>Cancelled in May (因政策调整).</summary>
    Cancelled,
}

/// <summary>Where the latest report of a task is left in the chain, so that every role has something to do.</summary>
internal enum Stall
{
    None,
    Draft,
    AwaitingSupervisor,
    AwaitingPrincipal,
    Submitted,
    ReturnedPending,
}

/// <summary>A one-off detour of one mid-year report.</summary>
internal enum Detour
{
    None,

    /// <summary>The inspector returns revision 1; revision 2 is accepted.</summary>
    Returned,

    /// <summary>The unit's 主管领导 sends the draft back once before it leaves the unit.</summary>
    RejectedInUnit,
}

internal enum Due
{
    YearEnd,
    June,
    August,
    September,
    October,
    November,
}

internal enum Nodes
{
    None,

    /// <summary>Generic work nodes (25/50/75/100 by quarter).</summary>
    Work,

    /// <summary>Generic construction nodes (开工 / 主体 / 完工 / 验收).</summary>
    Project,
}

internal sealed record MilestoneSpec(DateOnly Date, decimal Percent, string Title);

/// <summary>An indicator; for rates <see cref="From"/> → <see cref="To"/> is how the cumulative actual moves over the year.</summary>
internal sealed record IndicatorSpec(
    string Name,
    string Unit,
    decimal Target,
    IndicatorDirection Direction,
    IndicatorMeasure Measure,
    decimal From = 0,
    decimal To = 0,
    string Verb = "同比增长");

internal sealed record SpotCheckSpec(SpotCheckMethod Method, SpotCheckResult Result, string Notes, string? Evidence);

/// <summary>One task of the demo year, before it has database ids.</summary>
internal sealed class TaskSpec
{
    public required TaskSource Source { get; init; }
    public string? Category { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? Target { get; init; }
    public required string Lead { get; init; }
    public required string[] Assist { get; init; }
    public required DateOnly Start { get; init; }
    public required DateOnly Deadline { get; init; }
    public required string DeadlineText { get; init; }
    public ReportCycle Cycle { get; init; }
    public IReadOnlyList<MilestoneSpec> Milestones { get; init; } = [];
    public IndicatorSpec? Indicator { get; init; }
    public Pace Pace { get; init; }
    public Stall Stall { get; init; }
    public Detour Detour { get; init; }
    public SpotCheckSpec? SpotCheck { get; init; }

    /// <summary>The responsible leader when not the one who oversees the lead unit.</summary>
    public string? LeaderName { get; init; }

    public InstructionDetails? Instruction { get; init; }
    public MeetingDetails? Meeting { get; init; }
    public AgreementDetails? Agreement { get; init; }

    /// <summary>China date of registration (登记) and of assignment (交办).</summary>
    public required DateOnly Registered { get; init; }

    public required DateOnly Assigned { get; init; }

    /// <summary>False for the few tasks whose notice the units have not signed for yet.</summary>
    public bool Acknowledged { get; init; } = true;

    /// <summary>The result report is filed after the grace period (PS 营商 task).</summary>
    public bool LateResult { get; init; }

    /// <summary>A text bank chosen for the nature of the work (工程建设, 招商外贸, 价格) instead of the category's.</summary>
    public string? Texts { get; init; }

    /// <summary>Which text bank the report wording comes from.</summary>
    public string TextKey => Texts ?? Category ?? DisplayNames.Of(Source);
}

/// <summary>The tasks of the demo year: ≈90 年度重点工作 plus 批示件, 会议决策 and 专项工作 dated through the year.</summary>
internal static class DemoCatalog
{
    private const string Economy = "主要经济指标";
    private const string Investment = "扩大有效投资";
    private const string Industry = "产业转型升级";
    private const string Reform = "深化改革开放";
    private const string Rural = "乡村振兴";
    private const string Urban = "城市建设管理";
    private const string Ecology = "生态环境保护";
    private const string Livelihood = "民生实事";
    private const string Social = "社会事业发展";
    private const string Government = "政府自身建设";

    /// <summary>The title of the task cancelled in May (seed 002's example).</summary>
    public const string CancelledTitle = "园林绿化养护市场化试点";

    public const string Construction = "工程建设";

    public const string Promotion = "招商外贸";

    public const string Prices = "价格";

    public const string CancelReason = "因政策调整，省住房城乡建设厅暂停园林绿化养护市场化改革试点，经市政府同意取消该项任务";

    public static IReadOnlyList<TaskSpec> Annual(int year)
    {
        var b = new AnnualBuilder(year);

        // 一、主要经济指标
        b.Indicator("地区生产总值增长6%左右", "全市地区生产总值增长6%左右，经济总量迈上新台阶，在全省争先进位。", "fgw", "tjj",
            new("地区生产总值增速", "%", 6.0m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 5.5m, 5.9m), ReportCycle.Quarterly);
        b.Indicator("一般公共预算收入增长5.5%", "一般公共预算收入增长5.5%，税收收入占比稳定在75%以上。", "czj", "swju",
            new("一般公共预算收入增速", "%", 5.5m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 6.4m, 5.9m));
        b.Indicator("固定资产投资增长8%", "固定资产投资增长8%，其中工业投资增长12%以上。", "fgw", "tjj zrzy zjj",
            new("固定资产投资增速", "%", 8.0m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 6.2m, 7.0m), stall: Stall.Submitted);
        b.Indicator("规模以上工业增加值增长8.5%", "规模以上工业增加值增长8.5%，战略性新兴产业产值占规上工业比重提高2个百分点。", "gxj", "tjj gxq jkq",
            new("规上工业增加值增速", "%", 8.5m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 6.9m, 7.4m));
        b.Indicator("社会消费品零售总额增长6.5%", "社会消费品零售总额增长6.5%，网络零售额增长15%。", "swj", "tjj",
            new("社会消费品零售总额增速", "%", 6.5m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 5.8m, 6.2m));
        b.Indicator("城镇常住居民人均可支配收入增长6%", "城镇常住居民人均可支配收入增长6%，与经济增长基本同步。", "rsj", "tjj",
            new("城镇常住居民人均可支配收入增速", "%", 6.0m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 5.5m, 5.7m), ReportCycle.Quarterly);
        b.Indicator("农村常住居民人均可支配收入增长7%", "农村常住居民人均可支配收入增长7%，城乡居民收入差距持续缩小。", "nyj", "tjj",
            new("农村常住居民人均可支配收入增速", "%", 7.0m, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Rate, 7.4m, 7.2m), ReportCycle.Quarterly);
        b.Indicator("居民消费价格涨幅控制在3%左右", "居民消费价格涨幅控制在3%左右，保持物价总水平基本稳定。", "fgw", "scj tjj",
            new("居民消费价格涨幅", "%", 3.0m, IndicatorDirection.LowerIsBetter, IndicatorMeasure.Rate, 0.6m, 1.3m, "同比上涨"), detour: Detour.Returned, stall: Stall.AwaitingSupervisor, texts: Prices);

        // 二、扩大有效投资
        b.Task(Investment, "重点项目建设攻坚", "全年实施市级重点项目260个，完成投资420亿元以上，新开工亿元以上项目80个。", "fgw", "zrzy zjj yshj",
            custom: [(3, 31, 25, "一季度重点项目集中开工，开工率达到40%"), (6, 30, 50, "项目开工率达到80%，完成年度投资计划50%"), (9, 30, 75, "完成年度投资计划75%"), (12, 31, 100, "完成年度投资计划")]);
        b.Task(Investment, "澜江大道快速化改造工程", "实施澜江大道快速化改造，年内完成高架主线桥梁下部结构施工，完成投资8亿元。", "zjj", "jtj zrzy ctjt",
            nodes: Nodes.Project, detour: Detour.Returned);
        b.Task(Investment, "澜江二桥建设", "推进澜江二桥主桥建设，完成主墩承台及塔柱施工，年度完成投资6亿元。", "jtj", "zrzy ctjt",
            custom: [(3, 31, 20, "完成主墩钻孔灌注桩施工"), (6, 30, 45, "完成主墩承台施工"), (9, 30, 75, "塔柱施工过半"), (12, 31, 100, "完成主墩及塔柱施工")], pace: Pace.MilestoneMiss, texts: Construction);
        b.Task(Investment, "地方政府专项债券争取和使用", "做好专项债券项目谋划储备，全年争取专项债券额度40亿元以上，确保资金尽早形成实物工作量。", "czj", "fgw",
            cycle: ReportCycle.Quarterly);
        b.Task(Investment, "招商引资攻坚", "全年引进亿元以上产业项目100个，实际到位内资350亿元，引进世界500强、中国500强企业项目5个。", "swj", "yshj gxq jkq lgq",
            pace: Pace.Lagging, detour: Detour.Returned, texts: Promotion);
        b.Task(Investment, "临港现代物流园一期", "建成临港现代物流园一期，新增仓储面积12万平方米，引进物流企业15家。", "lgq", "swj jtj",
            nodes: Nodes.Project);
        b.Task(Investment, "澜东老城片区城市更新", "启动澜东老城片区城市更新，完成房屋征收1200户，开工建设安置房3000套。", "landong", "zjj zrzy ctjt",
            custom: [(3, 31, 20, "完成征收补偿方案公示"), (6, 30, 50, "完成房屋征收800户"), (9, 30, 80, "完成全部征收，安置房开工"), (12, 31, 100, "安置房主体施工")], texts: Construction);
        b.Task(Investment, "澜江干流堤防加固工程", "5月底前完成应急度汛工程，年底前完成澜江干流堤防加固18公里，年度完成投资3.2亿元。", "slj", "zrzy czj",
            custom: [(5, 31, 40, "完成应急度汛工程"), (9, 30, 70, "完成堤防加固12公里"), (12, 31, 100, "完成堤防加固18公里")], texts: Construction);
        b.Task(Investment, "新型信息基础设施建设", "新建5G基站1200个，实现城区和重点乡镇5G网络全覆盖。", "sjju", "gxj zrzy",
            indicator: new("新建5G基站", "个", 1200, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative));
        b.Task(Investment, "保障性租赁住房筹集", "筹集保障性租赁住房2000套（间），6月底前完成筹集计划的60%。", "zjj", "zrzy czj",
            cycle: ReportCycle.Quarterly, pace: Pace.Lagging);

        // 三、产业转型升级
        b.Task(Industry, "电子信息产业园二期", "加快高新区电子信息产业园二期建设，新建标准厂房20万平方米，引进电子信息企业20家。", "gxq", "gxj swj",
            nodes: Nodes.Project);
        b.Task(Industry, "工业企业“小升规”培育", "实施工业企业“小升规”培育计划，全年新增规模以上工业企业60家。", "gxj", "tjj landong lanxi wanglan",
            pace: Pace.Lagging);
        b.Task(Industry, "工业技术改造", "实施亿元以上工业技术改造项目50个，工业技改投资增长10%以上。", "gxj", "fgw",
            cycle: ReportCycle.Quarterly);
        b.Task(Industry, "高新技术企业培育", "新认定高新技术企业80家，高新技术企业总数达到520家。", "kjj", "gxq czj",
            cycle: ReportCycle.Quarterly);
        b.Task(Industry, "数字经济核心产业发展", "建设市级工业互联网平台3个，数字经济核心产业营业收入增长15%。", "sjju", "gxj",
            pace: Pace.Lagging);
        b.Task(Industry, "新能源汽车零部件产业集群", "推动经开区新能源汽车零部件产业集群发展，引进配套企业12家，集群产值突破200亿元。", "jkq", "gxj swj",
            pace: Pace.Behind);
        b.Task(Industry, "文旅产业提质增效", "创建国家4A级旅游景区2家，全年接待游客2600万人次，旅游总收入增长12%。", "wlj", "landong tongxi",
            cycle: ReportCycle.Quarterly);
        b.Task(Industry, "高新区科创孵化园建设", "建设高新区科创孵化园，新增国家级科技企业孵化器1家，在孵企业达到300家。", "gxq", "kjj",
            stall: Stall.AwaitingSupervisor, detour: Detour.RejectedInUnit);
        b.Task(Industry, "生物医药产业培育", "引进生物医药项目10个，建成高新区生物医药中试平台并投入运营。", "gxq", "kjj scj",
            stall: Stall.Submitted);
        b.Task(Industry, "科技创新平台建设", "新建省级以上科技创新平台15个，全社会研发经费投入强度达到2.3%。", "kjj", "gxq jkq",
            nodes: Nodes.Work);
        b.Task(Industry, "澜东区楼宇经济发展", "发展楼宇经济，新增税收亿元楼宇2栋，重点商务楼宇入驻率达到85%。", "landong", "swj tjj",
            stall: Stall.AwaitingPrincipal, texts: Promotion);

        // 四、深化改革开放
        b.Task(Reform, "优化营商环境", "深化“放管服”改革，企业开办时间压缩至1个工作日以内，政务服务事项“一网通办”率达到95%。", "yshj", "sjju scj",
            nodes: Nodes.Work);
        b.Task(Reform, "市属国有企业整合重组", "深化国有企业改革，完成市属国有企业整合重组，组建市产业投资集团。", "gzw", "czj ctjt",
            due: Due.September, pace: Pace.Overrun);
        b.Task(Reform, "工程建设项目审批制度改革", "工程建设项目审批全流程压缩至60个工作日以内，推行“拿地即开工”。", "yshj", "zjj zrzy",
            due: Due.June);
        b.Task(Reform, "稳外贸促开放", "全年进出口总额增长8%，新增有进出口实绩企业50家。", "swj", "lgq",
            pace: Pace.Lagging, texts: Promotion);
        b.Task(Reform, "开发区管理制度改革", "推进开发区“管委会+公司”运营模式改革，完成人事薪酬制度改革。", "jkq", "gzw rsj",
            due: Due.June);
        b.Task(Reform, "工业用地“标准地”出让", "新增工业用地“标准地”出让比例达到80%，盘活批而未供和闲置土地3000亩。", "zrzy", "gxj fgw",
            pace: Pace.Lagging);
        b.Task(Reform, "社会信用体系建设", "完善社会信用体系，全国社会信用体系建设示范城市创建通过中期评估。", "fgw", "scj sjju",
            due: Due.September);
        b.Task(Reform, "政务数据共享平台建设", "建成全市一体化政务数据共享平台，市级部门数据共享接口100%接入。", "sjju", "zfb",
            due: Due.June);
        b.Task(Reform, "“十五五”重大项目谋划储备", "谋划储备重大项目500个、总投资3000亿元，争取更多项目纳入国家和省规划盘子。", "fgw", "zrzy czj",
            stall: Stall.ReturnedPending, detour: Detour.RejectedInUnit);

        // 五、乡村振兴
        b.Task(Rural, "粮食生产安全", "稳定粮食播种面积135万亩，粮食总产量稳定在55万吨以上。", "nyj", "qinglan luming tongxi",
            custom: [(5, 31, 40, "完成春播面积"), (7, 31, 60, "夏粮收获，秋粮田管到位"), (10, 31, 90, "秋粮收获"), (12, 31, 100, "完成年度粮食生产目标")]);
        b.Task(Rural, "高标准农田建设", "新建高标准农田12万亩，6月底前完成年度任务的50%。", "nyj", "czj zrzy qinglan",
            nodes: Nodes.Project, detour: Detour.Returned,
            check: new(SpotCheckMethod.OnSite, SpotCheckResult.PartlyConfirmed, "实地核查青岚县2个项目区，田间道路和灌溉渠系已完工，但部分机井尚未通电，实际进度略低于报告。", "现场照片12张"));
        b.Task(Rural, "农村人居环境整治提升", "农村卫生厕所普及率达到92%，生活垃圾收运处置体系行政村覆盖率100%。", "nyj", "zjj sthj",
            nodes: Nodes.Work,
            check: new(SpotCheckMethod.Unannounced, SpotCheckResult.Confirmed, "暗访鹿鸣县3个乡镇6个行政村，村容村貌整洁，垃圾收运正常，与报告情况一致。", null));
        b.Task(Rural, "巩固拓展脱贫攻坚成果", "健全防止返贫动态监测和帮扶机制，确保不发生规模性返贫。", "nyj", "mzj rsj",
            cycle: ReportCycle.Quarterly);
        b.Task(Rural, "农业产业化龙头企业培育", "新增市级以上农业产业化龙头企业20家，农产品加工业产值增长8%。", "nyj", "swj",
            pace: Pace.Lagging);
        b.Task(Rural, "中小河流治理", "完成中小河流治理60公里，消除重点河段防洪隐患。", "slj", "qinglan luming",
            stall: Stall.Submitted);
        b.Task(Rural, "青岚县现代农业产业园创建", "青岚县现代农业产业园通过国家级现代农业产业园认定。", "qinglan", "nyj");
        b.Task(Rural, "村级集体经济发展", "发展壮大村级集体经济，集体经营性收入10万元以上的村占比达到60%。", "nyj", "czj",
            pace: Pace.Silent);
        b.Task(Rural, "乡村旅游精品线路", "打造乡村旅游精品线路5条，创建省级乡村旅游重点村8个。", "wlj", "nyj luming",
            stall: Stall.Submitted);

        // 六、城市建设管理
        b.Task(Urban, CancelledTitle, "在城区开展园林绿化养护市场化试点，将3个公园和12条主干道绿化养护推向市场。", "cgj", "zjj czj",
            pace: Pace.Cancelled);
        b.Task(Urban, "城区道路综合提升", "改造提升城区主次干道15条，打通断头路8条。", "zjj", "cgj gaj",
            nodes: Nodes.Project);
        b.Task(Urban, "海绵城市建设", "新增海绵城市达标面积8平方公里。", "zjj", "sthj slj",
            pace: Pace.Lagging);
        b.Task(Urban, "城区易涝点改造", "完成城区18处易涝积水点改造，汛期前完成主体工程。", "zjj", "cgj slj",
            due: Due.June, custom: [(4, 30, 50, "完成10处易涝点改造"), (5, 31, 80, "完成15处易涝点改造"), (6, 30, 100, "全部完工")], texts: Construction);
        b.Task(Urban, "供热管网改造", "改造老旧供热管网60公里，新增集中供热面积200万平方米，10月底前完工。", "zjj", "ctjt",
            due: Due.October, nodes: Nodes.Project);
        b.Task(Urban, "生活垃圾分类", "推进城区生活垃圾分类，建成生活垃圾焚烧发电厂二期，城区生活垃圾回收利用率达到38%。", "cgj", "sthj zjj",
            detour: Detour.Returned);
        b.Task(Urban, "智慧城管平台二期", "建成智慧城管平台二期，城市管理问题处置率达到95%以上。", "cgj", "sjju",
            due: Due.September);
        b.Task(Urban, "澜西区城中村改造", "完成澜西区5个城中村改造征收工作，开工建设安置房1800套。", "lanxi", "zjj zrzy",
            nodes: Nodes.Project, pace: Pace.MilestoneMiss);
        b.Task(Urban, "城市燃气管道老化更新", "完成城市燃气管道老化更新改造120公里。", "zjj", "yjj ctjt",
            pace: Pace.Lagging);
        b.Task(Urban, "新澜区滨江公园", "建成新澜区滨江公园，新增城市绿地35公顷。", "xinlan", "zjj cgj",
            due: Due.September, nodes: Nodes.Project);

        // 七、生态环境保护
        b.Task(Ecology, "大气污染防治", "城区空气质量优良天数比率达到85%以上，PM2.5平均浓度控制在34微克/立方米以内。", "sthj", "gaj zjj cgj gxj",
            detour: Detour.Returned);
        b.Task(Ecology, "水环境治理", "澜江干流国控断面水质稳定达到Ⅲ类，县级以上集中式饮用水水源地水质达标率100%。", "sthj", "slj lanxi tongxi",
            nodes: Nodes.Work, detour: Detour.RejectedInUnit);
        b.Task(Ecology, "重点行业超低排放改造", "完成钢铁、水泥等重点行业企业超低排放改造12家。", "sthj", "gxj",
            due: Due.October, pace: Pace.Behind);
        b.Task(Ecology, "土壤污染防治", "受污染耕地安全利用率达到93%以上，重点建设用地安全利用得到有效保障。", "sthj", "nyj zrzy",
            cycle: ReportCycle.Quarterly, pace: Pace.Silent);
        b.Task(Ecology, "生态环境保护督察反馈问题整改", "完成中央生态环境保护督察反馈问题年度整改任务14项。", "sthj", "zrzy slj nyj",
            custom: [(3, 31, 20, "完成3项整改"), (6, 30, 50, "完成7项整改"), (9, 30, 80, "完成11项整改"), (12, 31, 100, "完成全部14项整改")]);
        b.Task(Ecology, "国土绿化", "完成植树造林3.5万亩，森林覆盖率达到46.2%。", "zrzy", "nyj",
            due: Due.June, custom: [(3, 31, 50, "完成春季造林2万亩"), (4, 30, 80, "完成造林2.8万亩"), (6, 30, 100, "完成造林3.5万亩并抚育管护")]);
        b.Task(Ecology, "节能降耗", "单位地区生产总值能耗下降2.5%，完成省下达的能耗双控目标。", "fgw", "gxj tjj",
            cycle: ReportCycle.Quarterly, pace: Pace.Lagging, stall: Stall.AwaitingPrincipal);
        b.Task(Ecology, "桐溪县矿山生态修复", "完成历史遗留废弃矿山生态修复1200亩。", "tongxi", "zrzy sthj",
            nodes: Nodes.Project);
        b.Task(Ecology, "河湖长制落实", "全面落实河湖长制，完成河湖“清四乱”问题整改120处。", "slj", "sthj landong lanxi",
            due: Due.September);

        // 八、民生实事
        b.Task(Livelihood, "城镇新增就业3.5万人", "城镇新增就业3.5万人，城镇调查失业率控制在5.5%以内。", "rsj", "czj",
            indicator: new("城镇新增就业", "人", 35000, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative), stall: Stall.Submitted);
        b.Task(Livelihood, "城镇老旧小区改造", "改造城镇老旧小区68个、惠及居民1.2万户，同步加装电梯100部。", "zjj", "landong lanxi lanbei",
            nodes: Nodes.Project,
            check: new(SpotCheckMethod.OnSite, SpotCheckResult.Confirmed, "实地查看澜东区、澜西区6个改造小区，管网改造、外立面整治和电梯加装进度与报告一致。", "现场照片18张、施工日志"));
        b.Task(Livelihood, "棚户区改造2000套", "新开工棚户区改造安置住房2000套，基本建成1500套。", "zjj", "zrzy czj",
            cycle: ReportCycle.Quarterly, pace: Pace.Lagging,
            indicator: new("棚户区改造安置住房新开工", "套", 2000, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative));
        b.Task(Livelihood, "新建改扩建中小学幼儿园", "新建改扩建中小学、幼儿园12所，新增学位9000个，秋季开学前投入使用。", "jyj", "zjj zrzy czj",
            due: Due.August, nodes: Nodes.Project);
        b.Task(Livelihood, "农村公路提档升级", "新改建农村公路150公里，实施危桥改造20座。", "jtj", "qinglan tongxi luming",
            indicator: new("新改建农村公路", "公里", 150, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative), stall: Stall.Submitted);
        b.Task(Livelihood, "社区居家养老服务", "新建社区居家养老服务中心30个，新增养老床位1000张。", "mzj", "wjw",
            pace: Pace.Lagging, detour: Detour.Returned);
        b.Task(Livelihood, "适龄妇女“两癌”免费筛查", "为3万名适龄妇女免费开展宫颈癌、乳腺癌筛查。", "wjw", "czj",
            due: Due.November, pace: Pace.Early,
            check: new(SpotCheckMethod.Phone, SpotCheckResult.Confirmed, "随机电话回访已筛查妇女30人，均确认接受了免费筛查并收到结果告知。", "回访记录表"));
        b.Task(Livelihood, "城区新增公共停车泊位", "城区新增公共停车泊位5000个，建设智慧停车平台。", "cgj", "gaj zjj",
            pace: Pace.Behind,
            check: new(SpotCheckMethod.Documents, SpotCheckResult.False, "核对施工合同和验收资料，报告所称新增泊位中有620个尚未完工验收，报告数据不实，已责令说明情况。", "验收资料复印件"));
        b.Task(Livelihood, "农村供水保障工程", "新增和改善农村供水人口8万人，农村自来水普及率达到93%。", "slj", "qinglan tongxi luming",
            detour: Detour.RejectedInUnit);
        b.Task(Livelihood, "乡镇卫生院标准化提升", "完成20个乡镇卫生院标准化提升改造，实现县域医共体全覆盖。", "wjw", "ybj",
            nodes: Nodes.Work);

        // 九、社会事业发展
        b.Task(Social, "城乡教育共同体建设", "推进义务教育优质均衡发展，新组建城乡教育共同体15个。", "jyj", "rsj",
            pace: Pace.Early);
        b.Task(Social, "市中心医院新院区建设", "加快市中心医院新院区建设，年内完成主体结构封顶。", "wjw", "zjj",
            custom: [(3, 31, 15, "完成基础工程"), (6, 30, 45, "主体结构施工至10层"), (9, 30, 75, "主体结构施工至18层"), (12, 31, 100, "主体结构封顶")], pace: Pace.MilestoneMiss, texts: Construction);
        b.Task(Social, "医保支付方式改革", "DRG付费覆盖所有统筹区二级以上医疗机构，病种覆盖率达到90%。", "ybj", "wjw",
            due: Due.June);
        b.Task(Social, "全民健身设施建设", "建成市全民健身中心，新建社区体育公园10个。", "wlj", "zjj",
            nodes: Nodes.Project);
        b.Task(Social, "城乡低保标准提标", "城乡低保标准提高5%，按时足额发放各类救助资金。", "mzj", "czj",
            pace: Pace.Early);
        b.Task(Social, "退役军人服务保障", "推进退役军人服务保障体系标准化建设，帮扶退役军人就业1200人。", "tyjr", "rsj",
            pace: Pace.Silent);
        b.Task(Social, "平安澜江建设", "常态化开展扫黑除恶斗争，八类严重暴力案件破案率达到98%以上。", "gaj", "",
            cycle: ReportCycle.Quarterly);
        b.Task(Social, "安全生产治本攻坚", "生产安全事故起数和死亡人数实现“双下降”，坚决遏制较大以上事故。", "yjj", "gaj jtj zjj",
            cycle: ReportCycle.Quarterly);
        b.Task(Social, "食品安全示范城市创建", "创建国家食品安全示范城市，食品安全评价性抽检合格率达到98%以上。", "scj", "nyj wjw",
            stall: Stall.AwaitingSupervisor);

        // 十、政府自身建设
        b.Task(Government, "法治政府建设", "重大行政决策合法性审查率100%，行政复议纠错率下降。", "zfb", "");
        b.Task(Government, "政务公开", "政府信息主动公开率100%，依申请公开按时办结率100%。", "zfb", "sjju",
            stall: Stall.Draft);
        b.Task(Government, "审计监督全覆盖", "完成政府投资项目审计80项，审计发现问题整改到位率95%以上。", "sjj", "czj",
            cycle: ReportCycle.Quarterly, detour: Detour.Returned);
        b.Task(Government, "政府过紧日子", "一般性支出压减10%以上，“三公”经费只减不增。", "czj", "zfb",
            cycle: ReportCycle.Quarterly);
        b.Task(Government, "12345热线提质增效", "12345热线工单按时办结率达到98%，群众满意率达到95%以上。", "yshj", "sjju",
            stall: Stall.AwaitingPrincipal);
        b.Task(Government, "信访积案化解攻坚", "开展信访积案化解攻坚，积案化解率达到90%以上。", "xfj", "gaj",
            due: Due.September);
        b.Task(Government, "政府督查考核机制", "对政府工作报告确定的重点任务实行月调度、季通报、年考核，重点任务按时办结率95%以上。", "zfb", "");

        return b.Tasks;
    }

    /// <summary>
    /// 领导批示件: four dated through the year, plus two that arrived in the last week (not yet signed for).
    /// Only those already registered by <paramref name="today"/> exist.
    /// </summary>
    public static IReadOnlyList<TaskSpec> Instructions(int year, DateOnly today)
    {
        var list = new List<TaskSpec>();
        void Add(DateOnly on, string leader, string title, string content, string text, string docTitle, string docNumber, string lead, string assist, int days, bool acknowledged = true, bool late = false)
        {
            var registered = on.AddDays(1);
            var assigned = on.AddDays(2);
            var deadline = Min(on.AddDays(days), new DateOnly(year, 12, 31));
            list.Add(new TaskSpec
            {
                Source = TaskSource.LeaderInstruction,
                Title = title,
                Content = content,
                Lead = lead,
                Assist = Split(assist),
                Start = assigned,
                Deadline = deadline,
                DeadlineText = $"{deadline.Month}月{deadline.Day}日前",
                Cycle = ReportCycle.Once,
                LeaderName = leader,
                Instruction = new InstructionDetails(leader, on, text, docTitle, docNumber),
                Registered = registered,
                Assigned = assigned,
                Acknowledged = acknowledged,
                LateResult = late,
            });
        }

        Add(new(year, 1, 20), "周承远", "核查处置澜西区在建项目拖欠农民工工资问题",
            "对澜西区部分在建项目拖欠农民工工资问题立即核查处置，确保春节前足额支付到位，并在全市开展专项排查。",
            "请市人社局牵头，会同澜西区政府、市住建局立即核查，春节前确保农民工工资足额支付到位，并举一反三开展专项排查，结果报我。",
            "关于澜西区部分在建项目拖欠农民工工资问题的情况反映", $"澜信专报〔{year}〕3号", "rsj", "lanxi zjj", 24);
        Add(new(year, 3, 18), "钱立恒", "一季度固定资产投资问题项目梳理推进",
            "逐个梳理未开工、进度慢项目的原因，4月底前拿出针对性推进措施，推动投资增速回升。",
            "投资增速回落明显，要高度重视。请市发展改革委牵头，逐个梳理未开工、进度慢项目原因，4月底前拿出针对性推进措施。",
            "一季度全市固定资产投资运行分析", $"澜统析〔{year}〕6号", "fgw", "tjj zrzy", 43);
        Add(new(year, 4, 22), "朱启航", "城区主汛期防汛排涝准备",
            "对城区易涝点逐一落实应急措施，5月底前完成城区排水管网清淤疏浚。",
            "入汛在即，请市住建局、市城管执法局对城区易涝点逐一落实应急措施，5月底前完成排水管网清淤疏浚，确保安全度汛。",
            "关于做好城区主汛期防汛排涝准备工作的报告", $"澜城管〔{year}〕21号", "zjj", "cgj yjj", 39);
        Add(new(year, 6, 9), "周承远", "12345热线企业诉求逐件督办",
            "对12345热线企业反映的审批慢、政策兑现难问题逐件督办，7月底前全部办结并回访。",
            "企业反映的审批慢、兑现难问题要高度重视。请市营商局牵头，逐件督办，7月底前全部办结并回访，结果报我。",
            "12345热线企业诉求办理情况专报", $"澜营商专报〔{year}〕9期", "yshj", "czj gxj", 52, late: true);
        Add(new(year, 8, 14), "杨素琴", "秋季学期城区学位保障",
            "统筹调配城区学位资源，确保秋季开学前所有符合条件的适龄儿童应入尽入。",
            "请市教育局会同澜北区、新澜区统筹调配学位资源，确保开学前所有适龄儿童应入尽入。",
            "关于秋季学期城区学位供需情况的报告", $"澜教〔{year}〕45号", "jyj", "lanbei xinlan", 17);

        // Two that arrived in the last week: registered and assigned, the units have not signed for them yet.
        var recentA = today.AddDays(-5);
        var recentB = today.AddDays(-4);
        if (recentA >= new DateOnly(year, 1, 5))
        {
            Add(recentA, "周承远", "老旧小区加装电梯堵点疏解",
                "逐个小区梳理加装电梯推进中的堵点，一个月内拿出解决办法。",
                "群众反映的问题要认真对待。请市住建局牵头，会同相关区政府逐个小区梳理堵点，一个月内拿出解决办法，结果报我。",
                "关于市区部分老旧小区加装电梯推进缓慢的群众来信", $"澜信转〔{year}〕{recentA.DayOfYear / 7 + 10}号", "zjj", "landong lanbei", 30, acknowledged: false);
            Add(recentB, "何清扬", "澜北区农贸市场食品安全专项整治",
                "针对暗访发现的农贸市场食品安全隐患立行立改，开展全市农贸市场专项整治。",
                "暗访发现的问题要立行立改。请市市场监管局牵头，会同澜北区开展农贸市场专项整治，举一反三，结果报我。",
                "关于澜北区农贸市场食品安全隐患的暗访报告", $"澜督暗访〔{year}〕{recentB.DayOfYear / 30 + 1}期", "scj", "lanbei", 30, acknowledged: false);
        }

        return list.Where(t => t.Assigned < today).OrderBy(t => t.Instruction!.InstructedOn).ToList();
    }

    /// <summary>会议决策部署: two meetings, three decisions each.</summary>
    public static IReadOnlyList<TaskSpec> Meetings(int year, DateOnly today)
    {
        var list = new List<TaskSpec>();
        void Add(MeetingDetails meeting, string title, string content, string lead, string assist, DateOnly deadline, ReportCycle cycle, IReadOnlyList<MilestoneSpec>? milestones = null, Pace pace = Pace.OnTrack)
        {
            var registered = meeting.HeldOn.AddDays(2);
            var assigned = meeting.HeldOn.AddDays(3);
            list.Add(new TaskSpec
            {
                Source = TaskSource.MeetingDecision,
                Title = title,
                Content = content,
                Lead = lead,
                Assist = Split(assist),
                Start = assigned,
                Deadline = deadline,
                DeadlineText = $"{deadline.Month}月底前",
                Cycle = cycle,
                Milestones = milestones ?? [],
                Meeting = meeting,
                Registered = registered,
                Assigned = assigned,
                Pace = pace,
            });
        }

        var standing = new MeetingDetails("市政府第5次常务会议", new DateOnly(year, 2, 12),
            "会议研究了重点项目调度、城区停车设施建设管理和中小学课后服务等事项，明确了牵头单位和完成时限。");
        Add(standing with { Decision = "建立市级重点项目“红黄绿灯”调度机制，3月底前制定出台调度办法，每月通报项目进展。" },
            "建立重点项目“红黄绿灯”调度机制", "制定出台市级重点项目“红黄绿灯”调度办法，每月通报项目进展，对亮红灯项目实行挂牌督办。",
            "fgw", "zfb", new DateOnly(year, 3, 31), ReportCycle.Once);
        Add(standing with { Decision = "4月底前出台《澜江市城区公共停车设施建设管理办法》实施细则。" },
            "出台城区公共停车设施建设管理实施细则", "研究制定《澜江市城区公共停车设施建设管理办法》实施细则，明确配建标准、收费政策和共享停车机制。",
            "cgj", "zjj gaj zrzy", new DateOnly(year, 4, 30), ReportCycle.Once);
        Add(standing with { Decision = "落实中小学课后服务经费保障，春季学期实现课后服务全覆盖。" },
            "中小学课后服务经费保障", "落实中小学课后服务经费保障机制，春季学期实现义务教育学校课后服务全覆盖，学生参与率达到90%以上。",
            "jyj", "czj", new DateOnly(year, 6, 30), ReportCycle.Monthly);

        var dispatch = new MeetingDetails("全市二季度经济运行调度会", new DateOnly(year, 4, 20),
            "会议分析了一季度经济运行情况，部署二季度“双过半”攻坚，明确了重点指标和任务的责任单位。");
        Add(dispatch with { Decision = "开展“双过半”攻坚行动，市发展改革委每半月调度一次主要经济指标。" },
            "主要经济指标“双过半”攻坚", "对照全年目标开展“双过半”攻坚，每半月调度一次主要经济指标，对进度滞后的县区和部门约谈提醒。",
            "fgw", "tjj czj", new DateOnly(year, 6, 30), ReportCycle.Monthly);
        Add(dispatch with { Decision = "加大企业升规入库力度，6月底前新增规上工业企业20家，9月底前累计40家。" },
            "推动工业企业升规入库", "加大企业升规入库工作力度，6月底前新增规上工业企业20家以上，9月底前累计完成40家。",
            "gxj", "tjj lanxi wanglan", new DateOnly(year, 9, 30), ReportCycle.Monthly,
            [new(new DateOnly(year, 6, 30), 50, "新增规上工业企业20家"), new(new DateOnly(year, 9, 30), 100, "累计新增40家")]);
        Add(dispatch with { Decision = "开展“澜江消费季”促消费活动，拉动社会消费品零售总额增长。" },
            "“澜江消费季”促消费活动", "组织开展“澜江消费季”系列促消费活动，发放消费券5000万元，举办汽车、家电、餐饮促销活动30场以上。",
            "swj", "wlj scj", new DateOnly(year, 9, 30), ReportCycle.Monthly);

        return list.Where(t => t.Assigned < today).ToList();
    }

    /// <summary>专项重点工作: 目标责任书 signed with four 县市区 in February.</summary>
    public static IReadOnlyList<TaskSpec> Agreements(int year, DateOnly today)
    {
        var list = new List<TaskSpec>();
        var signed = new DateOnly(year, 2, 10);
        void Add(string agreement, string title, string content, string lead, string assist, ReportCycle cycle, IndicatorSpec? indicator = null, Stall stall = Stall.None, string? texts = null)
        {
            var registered = signed.AddDays(2);
            var assigned = signed.AddDays(3);
            list.Add(new TaskSpec
            {
                Source = TaskSource.SpecialWork,
                Title = title,
                Content = content,
                Lead = lead,
                Assist = Split(assist),
                Start = assigned,
                Deadline = new DateOnly(year, 12, 31),
                DeadlineText = "年底前",
                Cycle = cycle,
                Indicator = indicator,
                Agreement = new AgreementDetails($"《{year}年度{agreement}目标责任书》", DemoDirectory.Units.Single(u => u.Code == lead).Name),
                Registered = registered,
                Assigned = assigned,
                Stall = stall,
                Texts = texts,
            });
        }

        Add("安全生产", "澜东区安全生产目标责任", "生产安全事故起数和死亡人数同比“双下降”，较大及以上事故“零发生”，完成重点行业领域隐患排查整治。",
            "landong", "yjj", ReportCycle.Monthly, stall: Stall.Submitted);
        Add("耕地保护和粮食安全", "青岚县耕地保护目标责任", "耕地保有量不低于52.6万亩，永久基本农田面积不减少，新增违法占用耕地“零增长”。",
            "qinglan", "zrzy nyj", ReportCycle.Quarterly);
        Add("生态环境保护", "桐溪县生态环境保护目标责任", "空气质量优良天数比率不低于88%，国省控断面水质达标率100%，完成年度污染减排任务。",
            "tongxi", "sthj", ReportCycle.Quarterly);
        Add("招商引资和项目建设", "望澜市招商引资目标责任", "全年签约亿元以上项目24个，实际到位内资45亿元，新开工亿元以上项目12个。",
            "wanglan", "swj fgw", ReportCycle.Monthly,
            new IndicatorSpec("签约亿元以上项目", "个", 24, IndicatorDirection.HigherIsBetter, IndicatorMeasure.Cumulative), texts: Promotion);

        return list.Where(t => t.Assigned < today).ToList();
    }

    private static string[] Split(string codes) => codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>Builds the 年度重点工作 list with the year's dates and the usual defaults.</summary>
    private sealed class AnnualBuilder(int year)
    {
        private static readonly string[] _workTitles4 = ["制定实施方案，分解落实年度任务", "完成年度任务的一半", "完成年度任务的四分之三", "全面完成年度任务"];
        private static readonly string[] _workTitles3 = ["制定实施方案并全面启动", "完成主要工作量", "全面完成任务"];
        private static readonly string[] _projectTitles4 = ["完成前期手续，全面开工建设", "主体工程加快推进", "主体工程基本完工", "完工并通过验收"];
        private static readonly string[] _projectTitles3 = ["完成前期手续并开工", "主体工程基本完工", "完工并通过验收"];

        public List<TaskSpec> Tasks { get; } = [];

        public void Indicator(string title, string content, string lead, string assist, IndicatorSpec indicator, ReportCycle cycle = ReportCycle.Monthly, Stall stall = Stall.None, Detour detour = Detour.None, string? texts = null) =>
            Task(Economy, title, content, lead, assist, cycle: cycle, indicator: indicator, stall: stall, detour: detour, texts: texts);

        public void Task(
            string category,
            string title,
            string content,
            string lead,
            string assist,
            Due due = Due.YearEnd,
            Nodes nodes = Nodes.None,
            (int Month, int Day, decimal Percent, string Title)[]? custom = null,
            ReportCycle cycle = ReportCycle.Monthly,
            Pace pace = Pace.OnTrack,
            Stall stall = Stall.None,
            Detour detour = Detour.None,
            IndicatorSpec? indicator = null,
            SpotCheckSpec? check = null,
            string? texts = null)
        {
            var (deadline, text) = due switch
            {
                Due.June => (new DateOnly(year, 6, 30), "6月底前"),
                Due.August => (new DateOnly(year, 8, 31), "秋季开学前"),
                Due.September => (new DateOnly(year, 9, 30), "三季度"),
                Due.October => (new DateOnly(year, 10, 31), "10月底前"),
                Due.November => (new DateOnly(year, 11, 30), "11月底前"),
                _ => (new DateOnly(year, 12, 31), "年底前"),
            };
            var milestones = custom is not null
                ? custom.Select(m => new MilestoneSpec(new DateOnly(year, m.Month, m.Day), m.Percent, m.Title)).ToList()
                : Generic(nodes, deadline);
            Tasks.Add(new TaskSpec
            {
                Source = TaskSource.AnnualKeyWork,
                Category = category,
                Title = title,
                Content = content,
                Target = indicator is { Measure: IndicatorMeasure.Cumulative } i ? $"{i.Name}{i.Target:0.##}{i.Unit}" : null,
                Lead = lead,
                Assist = Split(assist),
                Start = new DateOnly(year, 1, 1),
                Deadline = deadline,
                DeadlineText = text,
                Cycle = cycle,
                Milestones = milestones,
                Indicator = indicator,
                Pace = pace,
                Stall = stall,
                Detour = detour,
                SpotCheck = check,
                Texts = texts ?? (nodes == Nodes.Project ? Construction : null),
                Registered = new DateOnly(year, 1, 6),
                Assigned = new DateOnly(year, 1, 8),
            });
        }

        private List<MilestoneSpec> Generic(Nodes nodes, DateOnly deadline)
        {
            if (nodes == Nodes.None)
                return [];
            (int Month, int Day)[] dates = deadline.Month switch
            {
                6 => [(3, 31), (5, 31), (6, 30)],
                8 => [(4, 30), (6, 30), (8, 31)],
                9 => [(3, 31), (6, 30), (9, 30)],
                10 => [(4, 30), (7, 31), (10, 31)],
                _ => [(3, 31), (6, 30), (9, 30), (12, 31)],
            };
            decimal[] percents = (nodes, dates.Length) switch
            {
                (Nodes.Work, 4) => [25, 50, 75, 100],
                (Nodes.Project, 4) => [20, 50, 80, 100],
                (Nodes.Work, _) => [35, 70, 100],
                _ => [30, 65, 100],
            };
            var titles = (nodes, dates.Length) switch
            {
                (Nodes.Work, 4) => _workTitles4,
                (Nodes.Project, 4) => _projectTitles4,
                (Nodes.Work, _) => _workTitles3,
                _ => _projectTitles3,
            };
            return dates.Select((d, i) => new MilestoneSpec(new DateOnly(year, d.Month, d.Day), percents[i], titles[i])).ToList();
        }
    }
}
