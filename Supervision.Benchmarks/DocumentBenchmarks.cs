using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Rules;
using Supervision.Core.Publishing;

namespace Supervision.Benchmarks;

/// <summary>
/// Issue 6 and 13 budgets: a completion table of 1,000 tasks within 300 ms (<see cref="CompletionTable1000Tasks"/>); a
/// 20-page bulletin (100 tasks: the drafted text, the chart, the turned attached table and the 版记) within
/// 500 ms (<see cref="Bulletin20Pages"/>) and 400 KB with four font roles embedded as four distinct subset faces
/// (仿宋, 小标宋, 楷体, 黑体 — checked in <see cref="Setup"/> and printed).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 9)]
public class DocumentBenchmarks
{
    // Four distinct faces, one per role, as an office with its own 仿宋_GB2312 and 方正小标宋 would have (the free fonts
    // installed here stand in: the two faces of WenQuanYi Micro Hei, AR PL SungtiL GB and AR PL KaitiM GB).
    private readonly DocumentRenderer _renderer = new(new FontLibrary(Options.Create(new DocumentOptions
    {
        Fonts = new DocumentFontFiles
        {
            FangSong = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#1",
            XiaoBiaoSong = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
            Kai = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
            Hei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#0",
            Song = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        },
    })));
    private PeriodFigures _thousand = default!;
    private DocumentSpec _bulletin = default!;

    [GlobalSetup]
    public void Setup()
    {
        _thousand = Report(1000);
        var report = Report(100);
        var text = BulletinDrafter.Draft(report, "各县（市、区）人民政府，各开发区管委会，市政府各部门：", "市委办公室，市人大常委会办公室，市政协办公室，市纪委监委。");
        _bulletin = BulletinComposer.Compose(report, text, "澜政办通", "澜政办通〔2026〕12号", new DateOnly(2026, 7, 10));
        var pdf = _renderer.RenderPdf(_bulletin);
        Console.WriteLine($"// bulletin: {pdf.PageCount} pages, {pdf.Bytes.Length / 1024} KB, {pdf.SubsetFontBytes.Count} embedded fonts ({string.Join(", ", pdf.SubsetFontBytes.Select(b => $"{b / 1024} KB"))})");
        // The size budget is part of the target: a run that does not measure a 20-page bulletin with four embedded
        // fonts, or finds it over 400 KB, fails instead of reporting a time.
        if (pdf.PageCount < 20 || pdf.Bytes.Length > 400 * 1024 || pdf.SubsetFontBytes.Count < 4)
            throw new InvalidOperationException($"bulletin has {pdf.PageCount} pages, {pdf.SubsetFontBytes.Count} fonts and {pdf.Bytes.Length / 1024} KB; expected at least 20 pages with 4 fonts within 400 KB");
    }

    [Benchmark]
    public byte[] CompletionTable1000Tasks() => CompletionTableBuilder.Build(_thousand);

    [Benchmark]
    public byte[] Bulletin20Pages() => _renderer.RenderPdf(_bulletin).Bytes;

    private static PeriodFigures Report(int tasks)
    {
        var random = new Random(7);
        var period = SupervisionPeriod.Of(2026)[1];
        string[] names = ["主要经济指标", "产业转型升级", "城市建设管理", "乡村振兴", "改革开放", "生态环境保护", "民生实事", "社会治理", "政府自身建设", "科技创新"];
        var categories = names.Select((name, c) => new PeriodCategory(name, Enumerable.Range(0, tasks / names.Length).Select(i =>
        {
            var id = (c * 1000) + i;
            var outcome = (PeriodOutcome)(random.Next(10) switch { < 6 => 0, < 8 => 1, < 9 => 2, _ => 3 });
            bool? indicator = c == 0 && i < 8 ? random.Next(2) == 0 : null;
            return new PeriodTaskLine(id, $"2026-ZD-{id:0000}", $"{name}第{i + 1}项重点任务", "推进项目建设，确保年底前完成主体工程，新增就业岗位1200个，完成投资12.5亿元。", "市发展改革委", "市财政局、市自然资源局", "王明", "12月底前",
                "已完成立项、可研和初审等前期工作，主体工程正在施工，累计完成投资6.2亿元，占年度计划的49.6%。", "资金到位慢，征地拆迁进度滞后。", "倒排工期，加强协调", outcome,
                outcome == PeriodOutcome.Completed ? "" : "时间过半(50%)，进度40%，落后10个百分点", indicator is null ? null : $"指标{i + 1}", indicator, 0.5, random.NextDouble(), null);
        }).ToList())).ToList();
        return new PeriodFigures(period, period.End, true, categories, "澜江市委市政府督查室", "澜江市人民政府办公室");
    }
}
