namespace Supervision.Core.Domain;

/// <summary>The six roles of the product. The names are what users see, so they are Chinese.</summary>
public static class Roles
{
    public const string Admin = "管理员";
    public const string Inspector = "督查员";
    public const string UnitOperator = "单位联络员";
    public const string UnitSupervisor = "单位主管领导";
    public const string UnitPrincipal = "单位主要领导";
    public const string CityLeader = "市领导";

    /// <summary>All roles in display order.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Inspector, UnitOperator, UnitSupervisor, UnitPrincipal, CityLeader];

    /// <summary>Roles that only make sense together with a unit.</summary>
    public static IReadOnlyList<string> UnitRoles { get; } = [UnitOperator, UnitSupervisor, UnitPrincipal];

    public static bool IsUnitRole(string role) => UnitRoles.Contains(role);
}
