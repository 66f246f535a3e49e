using Microsoft.Extensions.Options;
using Supervision.Core.Documents;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;

namespace Supervision.Tests.Documents;

/// <summary>Period data built in memory, shaped like seed 002's half-year report.</summary>
internal static class SampleReports
{
    public static readonly FontLibrary Fonts = new(Options.Create(new DocumentOptions()));

    public const string SongFile = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf";
    public const string KaiFile = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf";
    public const string HeiFile = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    /// <summary>
    /// Four distinct faces for the four roles of a 通报 (the free fonts installed here: 仿宋 → WenQuanYi Micro Hei
    /// Mono, 小标宋 and 宋体 → AR PL SungtiL GB, 楷体 → AR PL KaitiM GB, 黑体 → WenQuanYi Micro Hei), so every role's text
    /// can be told apart in the PDF.
    /// </summary>
    public static readonly FontLibrary DistinctRoles = new(Options.Create(new DocumentOptions
    {
        Fonts = new DocumentFontFiles { FangSong = HeiFile + "#1", XiaoBiaoSong = SongFile, Kai = KaiFile, Hei = HeiFile + "#0", Song = SongFile },
    }));

    public static SupervisionPeriod H1 { get; } = SupervisionPeriod.Of(2026)[1];

    public static PeriodTaskLine Task(int id, string title, PeriodOutcome outcome, string unit = "市住建局", string? indicator = null, bool? onSchedule = null, string progress = "已完成前期工作，主体工程正在施工。", string? problems = null, string? nextSteps = null, string? cancelReason = null) =>
        new PeriodTaskLine(id, $"2026-ZD-{id:000}", title, $"{title}，年底前完成。", unit, "市财政局", "李明", "12月底前", progress, problems, nextSteps, outcome,
            outcome == PeriodOutcome.Cancelled ? $"取消：{cancelReason}" : outcome is PeriodOutcome.Completed or PeriodOutcome.OnSchedule ? "" : "时间过半(50%)，进度30%，落后20个百分点",
            indicator, onSchedule, 0.5, outcome is PeriodOutcome.Completed or PeriodOutcome.OnSchedule ? 0.6 : 0.3, cancelReason)
        {
            IsIndicator = indicator is not null,
            IndicatorWords = indicator is null ? null : onSchedule == true ? "高于目标0.4个百分点" : "低于目标0.1个百分点",
        };

    /// <summary>8 indicators (3 on schedule) counted apart; 5 重点工作: 1 cancelled, 1 partial, 1 not completed, 2 completed.</summary>
    public static PeriodFigures HalfYear()
    {
        string[] indicatorNames = ["地区生产总值", "一般公共预算收入", "固定资产投资", "规模以上工业增加值", "社会消费品零售总额", "居民消费价格涨幅", "城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"];
        var onSchedule = new HashSet<string> { "一般公共预算收入", "居民消费价格涨幅", "农村常住居民人均可支配收入" };
        var indicators = indicatorNames.Select((n, i) => Task(i + 1, $"{n}目标", onSchedule.Contains(n) ? PeriodOutcome.OnSchedule : PeriodOutcome.BehindSchedule, "市统计局", n, onSchedule.Contains(n))).ToList();
        var works = new List<PeriodTaskLine>
        {
            Task(9, "园林绿化养护市场化试点", PeriodOutcome.Cancelled, cancelReason: "因政策调整原因取消"),
            Task(10, "北湖公园改造", PeriodOutcome.PartiallyCompleted, "市城管局", problems: "征地拆迁进度滞后", nextSteps: "倒排工期，9月底前完成拆迁"),
            Task(11, "锦州湾机场开通新航线", PeriodOutcome.NotCompleted, "市交通局", problems: "航空公司意向未落实"),
            Task(12, "城区道路改造", PeriodOutcome.Completed),
            Task(13, "老旧小区改造", PeriodOutcome.Completed),
        };
        return new PeriodFigures(H1, H1.End, true, [new PeriodCategory("主要经济指标", indicators), new PeriodCategory("城市建设", works)], "澜江市委市政府督查室", "澜江市人民政府办公室")
        {
            Cutoff = new DateOnly(2026, 7, 15),
            CutoffIsFinal = true,
        };
    }

    public static PeriodFigures Empty() => new(H1, H1.End, true, [], "澜江市委市政府督查室", "澜江市人民政府办公室") { Cutoff = new DateOnly(2026, 7, 15), CutoffIsFinal = true };
}
