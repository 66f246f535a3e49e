namespace Supervision.Core.Domain;

/// <summary>
/// A row people edit. The data layer bumps <see cref="Version"/> on every save and checks it, so an edit made
/// on a stale copy is refused instead of silently overwriting someone else's change.
/// </summary>
public interface IVersioned
{
    long Version { get; }
}

/// <summary>Something that happened to an entity, waiting to be written to the audit record in the same save.</summary>
/// <param name="Action">Stable code such as <c>task.cancelled</c>.</param>
/// <param name="Summary">What happened, in Chinese, for the task timeline.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="At">When (UTC).</param>
public sealed record PendingEvent(string Action, string Summary, Actor Actor, DateTime At);

/// <summary>Base of entities whose guarded methods leave a trace in the audit record.</summary>
public abstract class Recorded
{
    private readonly List<PendingEvent> _pending = [];

    /// <summary>Events raised since the last save; the data layer drains them.</summary>
    public IReadOnlyList<PendingEvent> PendingEvents => _pending;

    protected void Record(string action, string summary, Actor actor, DateTime at) =>
        _pending.Add(new PendingEvent(action, summary, actor, DateTime.SpecifyKind(at, DateTimeKind.Utc)));

    internal void ClearPendingEvents() => _pending.Clear();
}

internal static class Guard
{
    public static string Text(string? value, string fieldName, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new DomainException($"{fieldName}不能为空。");
        if (trimmed.Length > maxLength)
            throw new DomainException($"{fieldName}不能超过{maxLength}个字。");
        return trimmed;
    }

    public static string? OptionalText(string? value, string fieldName, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Length > maxLength)
            throw new DomainException($"{fieldName}不能超过{maxLength}个字。");
        return trimmed;
    }

    public static decimal Percent(decimal value, string fieldName)
    {
        if (value is < 0 or > 100)
            throw new DomainException($"{fieldName}应在0到100之间。");
        return value;
    }
}
