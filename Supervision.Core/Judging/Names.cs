using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;

namespace Supervision.Core.Judging;

/// <summary>
/// The one id → display name lookup for units (short name where it has one), leaders and categories: every screen and
/// document names them through it. Loaded once per operation, or taken from the judged year (<see cref="YearFacts.Names"/>).
/// </summary>
public sealed record Names(IReadOnlyDictionary<int, string> Units, IReadOnlyDictionary<int, string> Leaders, IReadOnlyDictionary<int, string> Categories)
{
    /// <summary>What a unit that is not in the directory (any more) is called.</summary>
    public const string UnknownUnit = "（未知单位）";

    public static async Task<Names> LoadAsync(SupervisionDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, Name = u.ShortName ?? u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var leaders = await db.Leaders.AsNoTracking().Select(l => new { l.Id, l.Name }).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return new Names(units, leaders, categories);
    }

    public string Unit(int id) => Units.GetValueOrDefault(id, UnknownUnit);

    public string Leader(int? id) => id is { } v ? Leaders.GetValueOrDefault(v, "") : "";

    public string Category(int? id) => id is { } v ? Categories.GetValueOrDefault(v, "") : "";
}
