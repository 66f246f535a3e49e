using Supervision.Core.Domain;

namespace Supervision.Core.Demo;

/// <summary>What <see cref="DemoCity.SeedAsync"/> wrote: the city, the units that get demo accounts, and counts.</summary>
/// <param name="Year">The work year seeded (the current year in China).</param>
/// <param name="AsOf">The China date the data was seeded "as of": nothing is dated after it.</param>
/// <param name="CityName">The fictional city, 澜江市.</param>
/// <param name="DemoUnits">Units that should get unit accounts (联络员 / 主管领导 / 主要领导).</param>
/// <param name="Counts">How much was written.</param>
public sealed record DemoSeedResult(int Year, DateOnly AsOf, string CityName, IReadOnlyList<DemoUnit> DemoUnits, DemoSeedCounts Counts);

/// <summary>
/// A unit for the demo accounts. The seeded reports were written by actors whose <see cref="Actor.UserId"/> is
/// <c>{Code}.operator</c>, <c>{Code}.supervisor</c> and <c>{Code}.principal</c> and whose names are the ones below, so
/// accounts created with those user names and display names continue the record seamlessly.
/// </summary>
/// <param name="Id">Database id of the unit.</param>
/// <param name="Code">Short ASCII code, usable in user names (fgw, landong, gxq).</param>
/// <param name="Name">Full name (市发展和改革委员会).</param>
/// <param name="ShortName">Name used in documents (市发展改革委).</param>
/// <param name="Kind">县市区 / 市直部门 / 开发区.</param>
/// <param name="OperatorName">The unit's 联络员 in the seeded record.</param>
/// <param name="SupervisorName">The unit's 主管领导.</param>
/// <param name="PrincipalName">The unit's 主要领导.</param>
public sealed record DemoUnit(int Id, string Code, string Name, string ShortName, UnitKind Kind, string OperatorName, string SupervisorName, string PrincipalName);

/// <summary>Counts of what the demo seed wrote.</summary>
/// <param name="Units">Units in the directory.</param>
/// <param name="Leaders">City leaders.</param>
/// <param name="Categories">大类 of the year.</param>
/// <param name="AnnualTasks">年度重点工作 (ZD).</param>
/// <param name="InstructionTasks">领导批示件 (PS).</param>
/// <param name="MeetingTasks">会议决策部署 (HY).</param>
/// <param name="SpecialTasks">专项重点工作 (ZX).</param>
/// <param name="Notices">督查通知单.</param>
/// <param name="Reports">Progress reports (one per task and period).</param>
/// <param name="Revisions">Report revisions.</param>
/// <param name="ReturnedRevisions">Revisions the inspector returned.</param>
/// <param name="LateReports">Reports first submitted more than three days after their due date.</param>
/// <param name="MissingReports">Periods due (plus three days' grace) with no report at all, for open tasks.</param>
/// <param name="SpotChecks">抽查核实 records.</param>
public sealed record DemoSeedCounts(
    int Units,
    int Leaders,
    int Categories,
    int AnnualTasks,
    int InstructionTasks,
    int MeetingTasks,
    int SpecialTasks,
    int Notices,
    int Reports,
    int Revisions,
    int ReturnedRevisions,
    int LateReports,
    int MissingReports,
    int SpotChecks)
{
    public int Tasks => AnnualTasks + InstructionTasks + MeetingTasks + SpecialTasks;
}
