namespace Supervision.Core.Domain;

/// <summary>
/// The person performing an operation, as established by the web host from the signed-in account. Services
/// decide from this, never from what a page shows.
/// </summary>
/// <param name="UserId">Account id.</param>
/// <param name="Name">Display name, kept in the record of who did what.</param>
/// <param name="Roles">Role names from <see cref="Domain.Roles"/>.</param>
/// <param name="UnitId">The unit a unit-role account belongs to; null for office and city roles.</param>
public sealed record Actor(string UserId, string Name, IReadOnlySet<string> Roles, int? UnitId)
{
    /// <summary>The actor used by start-up jobs such as demo seeding.</summary>
    public static Actor System { get; } = new("system", "系统", new HashSet<string>(), null);

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Office staff and city leaders see every task; unit accounts see only their unit's.</summary>
    public bool SeesAllTasks => IsIn(Domain.Roles.Admin) || IsIn(Domain.Roles.Inspector) || IsIn(Domain.Roles.CityLeader);
}
