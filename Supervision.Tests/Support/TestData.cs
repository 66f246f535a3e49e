using Supervision.Core.Domain;

namespace Supervision.Tests;

/// <summary>Small, readable building blocks for domain and data tests.</summary>
internal static class TestData
{
    public static readonly DateTime At = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    public static Actor Inspector { get; } = new("u-inspector", "督查员甲", new HashSet<string> { Roles.Inspector }, null);

    public static Actor Operator(int unitId) => new($"u-op-{unitId}", "联络员乙", new HashSet<string> { Roles.UnitOperator }, unitId);

    public static Actor Supervisor(int unitId) => new($"u-sup-{unitId}", "主管领导丙", new HashSet<string> { Roles.UnitSupervisor }, unitId);

    public static Actor Principal(int unitId) => new($"u-pri-{unitId}", "主要领导丁", new HashSet<string> { Roles.UnitPrincipal }, unitId);

    public static TaskDefinition Definition(int leadUnitId, params int[] assisting) => new(
        2026, null, "城区道路改造", "完成城区10条道路改造提升。", "10条", leadUnitId, assisting, null,
        new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "年底前", ReportCycle.Monthly);

    public static SupervisionTask Task(int leadUnitId = 1, params int[] assisting) =>
        SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-001", 1, Definition(leadUnitId, assisting), Inspector, At);

    public static ReportContent Content(decimal percent) => new("按计划推进。", null, "继续推进。", percent, null);

    public static ReportPeriod March { get; } = new("2026-03", "2026年3月", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 5));
}
