namespace Supervision.Core.Domain;

/// <summary>
/// Who a notification is for: a unit's accounts, the office, or the city leaders. It lives here, below the data layer,
/// because the change feed names the audience of every notification it announces.
/// </summary>
public readonly record struct Audience(int? UnitId, bool Leaders)
{
    public static Audience Office { get; } = new(null, false);

    public static Audience CityLeaders { get; } = new(null, true);

    public static Audience OfUnit(int unitId) => new(unitId, false);

    /// <summary>The audience whose notifications <paramref name="actor"/> reads; null when none (e.g. an anonymous actor).</summary>
    public static Audience? Of(Actor actor)
    {
        if (actor.UnitId is { } unit)
            return OfUnit(unit);
        if (actor.IsIn(Roles.Inspector) || actor.IsIn(Roles.Admin))
            return Office;
        if (actor.IsIn(Roles.CityLeader))
            return CityLeaders;
        return null;
    }

    /// <summary>The audience of <paramref name="notification"/>.</summary>
    public static Audience Of(Notification notification) => new(notification.RecipientUnitId, notification.ForLeaders);
}
