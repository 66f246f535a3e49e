using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;

namespace Supervision.Core.Services;

/// <summary>Id → display name lookups for units, leaders and categories, loaded once per operation.</summary>
public sealed record Names(IReadOnlyDictionary<int, string> Units, IReadOnlyDictionary<int, string> Leaders, IReadOnlyDictionary<int, string> Categories)
{
    public static async Task<Names> LoadAsync(SupervisionDbContext db, CancellationToken ct)
    {
        var units = await db.Units.AsNoTracking().Select(u => new { u.Id, Name = u.ShortName ?? u.Name }).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var leaders = await db.Leaders.AsNoTracking().Select(l => new { l.Id, l.Name }).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return new Names(units, leaders, categories);
    }

    public string Unit(int id) => Units.GetValueOrDefault(id, "（未知单位）");

    public string Leader(int? id) => id is { } v ? Leaders.GetValueOrDefault(v, "") : "";

    public string Category(int? id) => id is { } v ? Categories.GetValueOrDefault(v, "") : "";
}
