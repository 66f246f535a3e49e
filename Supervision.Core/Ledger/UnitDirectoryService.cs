using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Ledger;

/// <summary>A unit as the directory admin page edits it.</summary>
public sealed record UnitRecord(int Id, string Name, string? ShortName, UnitKind Kind, int SortOrder, bool IsActive, IReadOnlyList<string> Aliases, int TaskCount, long Version);

/// <summary>A leader as the directory admin page edits it.</summary>
public sealed record LeaderRecord(int Id, string Name, string Title, int SortOrder, bool IsActive, IReadOnlyList<int> OverseenUnitIds, long Version);

/// <summary>The fields of a unit form.</summary>
public sealed class UnitInput
{
    public string Name { get; set; } = "";
    public string? ShortName { get; set; }
    public UnitKind Kind { get; set; } = UnitKind.Department;
    public int SortOrder { get; set; }

    /// <summary>Aliases, one per line or separated by 、，,；.</summary>
    public string Aliases { get; set; } = "";

    public long Version { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
            e[nameof(Name)] = "请填写单位名称。";
        else if (Name.Trim().Length > 60)
            e[nameof(Name)] = "单位名称不能超过60个字。";
        if (ShortName is { Length: > 0 } s && s.Trim().Length > 30)
            e[nameof(ShortName)] = "单位简称不能超过30个字。";
        if (!Enum.IsDefined(Kind))
            e[nameof(Kind)] = "请选择单位类型。";
        if (SortOrder is < 0 or > 9999)
            e[nameof(SortOrder)] = "排序应在0到9999之间。";
        if (UnitMatcher.Split(Aliases).Any(a => a.Length > 60))
            e[nameof(Aliases)] = "每个别名不能超过60个字。";
        return e;
    }
}

/// <summary>The fields of a leader form.</summary>
public sealed class LeaderInput
{
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public int SortOrder { get; set; }
    public List<int> OverseenUnitIds { get; set; } = [];
    public long Version { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name))
            e[nameof(Name)] = "请填写领导姓名。";
        else if (Name.Trim().Length > 20)
            e[nameof(Name)] = "领导姓名不能超过20个字。";
        if (string.IsNullOrWhiteSpace(Title))
            e[nameof(Title)] = "请填写领导职务。";
        else if (Title.Trim().Length > 30)
            e[nameof(Title)] = "领导职务不能超过30个字。";
        if (SortOrder is < 0 or > 9999)
            e[nameof(SortOrder)] = "排序应在0到9999之间。";
        return e;
    }
}

/// <summary>
/// 单位名录 administration (管理员): units with kind, order, short name and aliases; city leaders and the units
/// they oversee. Names and aliases must stay unambiguous, because imports match against them.
/// </summary>
public sealed class UnitDirectoryService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<UnitRecord>> UnitsAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Tasks.AsNoTracking().GroupBy(t => t.LeadUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id).ToListAsync(ct);
        return units.Select(u => new UnitRecord(u.Id, u.Name, u.ShortName, u.Kind, u.SortOrder, u.IsActive, u.Aliases.Select(a => a.Name).ToList(),
            counts.GetValueOrDefault(u.Id), u.Version)).ToList();
    }

    public async Task<IReadOnlyList<LeaderRecord>> LeadersAsync(Actor actor, CancellationToken ct = default)
    {
        RequireReader(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leaders = await db.Leaders.AsNoTracking().OrderBy(l => l.SortOrder).ThenBy(l => l.Id).ToListAsync(ct);
        return leaders.Select(l => new LeaderRecord(l.Id, l.Name, l.Title, l.SortOrder, l.IsActive, l.Oversees.Select(o => o.UnitId).ToList(), l.Version)).ToList();
    }

    /// <summary>Adds a unit (id 0) or saves an edit made on <see cref="UnitInput.Version"/>.</summary>
    public async Task<int> SaveUnitAsync(Actor actor, int id, UnitInput input, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Unit unit;
        if (id == 0)
        {
            unit = new Unit(input.Name, input.Kind, input.SortOrder, input.ShortName);
            db.Units.Add(unit);
        }
        else
        {
            unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException("单位不存在。");
            if (unit.Version != input.Version)
                throw new DomainException("该单位已被他人修改，您的修改未保存。请刷新后重新编辑。");
            unit.Update(input.Name, input.ShortName, input.Kind, input.SortOrder, actor, now);
        }

        var wanted = UnitMatcher.Split(input.Aliases).Distinct().ToList();
        foreach (var old in unit.Aliases.Select(a => a.Name).Where(a => !wanted.Contains(a)).ToList())
            unit.RemoveAlias(old, actor, now);
        foreach (var alias in wanted)
            unit.AddAlias(alias, actor, now);

        await EnsureUnambiguousAsync(db, unit, id, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("该单位已被他人修改，您的修改未保存。请刷新后重新编辑。");
        }

        return unit.Id;
    }

    public async Task SetUnitActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new DomainException("单位不存在。");
        if (unit.Version != version)
            throw new DomainException("该单位已被他人修改，请刷新后重试。");
        unit.SetActive(active, actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds a leader (id 0) or saves an edit, including the units he or she oversees.</summary>
    public async Task<int> SaveLeaderAsync(Actor actor, int id, LeaderInput input, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unitIds = input.OverseenUnitIds.Distinct().ToList();
        if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count)
            throw new DomainException("所选分管单位不存在，请重新选择。");
        Leader leader;
        if (id == 0)
        {
            leader = new Leader(input.Name, input.Title, input.SortOrder);
            db.Leaders.Add(leader);
        }
        else
        {
            leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("领导不存在。");
            if (leader.Version != input.Version)
                throw new DomainException("该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。");
            leader.Update(input.Name, input.Title, input.SortOrder, actor, now);
        }

        if (!leader.Oversees.Select(o => o.UnitId).Order().SequenceEqual(unitIds.Order()))
            leader.SetOverseenUnits(unitIds, actor, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("该领导信息已被他人修改，您的修改未保存。请刷新后重新编辑。");
        }

        return leader.Id;
    }

    public async Task SetLeaderActiveAsync(Actor actor, int id, bool active, long version, CancellationToken ct = default)
    {
        RequireAdmin(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw new DomainException("领导不存在。");
        if (leader.Version != version)
            throw new DomainException("该领导信息已被他人修改，请刷新后重试。");
        leader.SetActive(active, actor, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A name, short name or alias may belong to one unit only, or imports could not tell them apart.</summary>
    private static async Task EnsureUnambiguousAsync(SupervisionDbContext db, Unit unit, int id, CancellationToken ct)
    {
        var mine = new[] { unit.Name, unit.ShortName }.Concat(unit.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize).ToList();
        if (mine.Distinct().Count() != mine.Count && mine.Count(n => n == UnitMatcher.Normalize(unit.Name)) > 1)
            throw new DomainException("别名不能与单位名称相同。");
        var others = await db.Units.AsNoTracking().Where(u => u.Id != id).ToListAsync(ct);
        foreach (var other in others)
        {
            var names = new[] { other.Name, other.ShortName }.Concat(other.Aliases.Select(a => a.Name)).OfType<string>().Select(UnitMatcher.Normalize);
            var clash = names.FirstOrDefault(mine.Contains);
            if (clash is not null)
                throw new DomainException($"名称「{clash}」已被单位「{other.Name}」使用，导入时将无法区分，请换一个。");
        }
    }

    private static void RequireReader(Actor actor)
    {
        if (!LedgerAccess.CanManageTasks(actor))
            throw new DomainException("只有督查室管理员和督查员可以查看单位名录。");
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!LedgerAccess.CanManageDirectory(actor))
            throw new DomainException("只有督查室管理员可以维护单位名录。");
    }
}
