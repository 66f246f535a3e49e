namespace Supervision.Core.Domain;

/// <summary>Another name of a directory entry — a unit, unit group, leader or category; imports match it like the entry's own name.</summary>
public abstract class EntryAlias
{
    protected EntryAlias()
    {
        Name = "";
    }

    protected EntryAlias(string name) => Name = name;

    public int Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>Adds <paramref name="alias"/> unless it is the entry's own name or already there; the value added, or null.</summary>
    internal static string? Add<T>(List<T> aliases, string alias, string entryName, string field, int maxLength, Func<string, T> create)
        where T : EntryAlias
    {
        var value = Guard.Text(alias, field, maxLength);
        if (value == entryName || aliases.Any(a => a.Name == value))
            return null;
        aliases.Add(create(value));
        return value;
    }

    /// <summary>Removes <paramref name="alias"/>; whether it was there.</summary>
    internal static bool Remove<T>(List<T> aliases, string alias)
        where T : EntryAlias => aliases.RemoveAll(a => a.Name == alias) > 0;
}
