using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>One line of the notification centre.</summary>
/// <param name="TaskId">The task it is about (null for a message about none).</param>
/// <param name="PeriodKey">With <paramref name="TaskId"/>: the period whose progress report to act on, or null for the task itself.</param>
public sealed record NotificationItem(long Id, NotificationKind Kind, string Title, string Body, int? TaskId, string? PeriodKey, DateTime CreatedAt, DateTime? ReadAt, string? ReadByName);

/// <summary>The in-app notification centre: an actor reads the notifications of its audience (its unit, the office or the city leaders).</summary>
public sealed class NotificationService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Unread notifications for <paramref name="actor"/>'s audience.</summary>
    public async Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default)
    {
        if (Audience.Of(actor) is not { } audience)
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await For(db, audience).CountAsync(n => n.ReadAt == null, ct);
    }

    /// <summary>The latest notifications, unread first when <paramref name="unreadOnly"/>.</summary>
    public async Task<IReadOnlyList<NotificationItem>> ListAsync(Actor actor, bool unreadOnly = false, int take = 200, CancellationToken ct = default)
    {
        if (Audience.Of(actor) is not { } audience)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = For(db, audience).AsNoTracking();
        if (unreadOnly)
            query = query.Where(n => n.ReadAt == null);
        return await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take)
            .Select(n => new NotificationItem(n.Id, n.Kind, n.Title, n.Body, n.TaskId, n.PeriodKey, n.CreatedAt, n.ReadAt, n.ReadByName))
            .ToListAsync(ct);
    }

    /// <summary>Marks one notification read (only one of the actor's own audience).</summary>
    public async Task MarkReadAsync(Actor actor, long id, CancellationToken ct = default)
    {
        if (Audience.Of(actor) is not { } audience)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var n = await For(db, audience).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (n is null || n.ReadAt is not null)
            return;
        n.MarkRead(actor.Name, clock.GetUtcNow().UtcDateTime);
        // Saved as a tracked change, so the change feed announces the reader's audience once it is committed.
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks all of the audience's notifications read.</summary>
    public async Task<int> MarkAllReadAsync(Actor actor, CancellationToken ct = default)
    {
        if (Audience.Of(actor) is not { } audience)
            return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unread = await For(db, audience).Where(n => n.ReadAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var n in unread)
            n.MarkRead(actor.Name, now);
        // Tracked, not a bulk update: the change feed announces the audience once the marks are committed.
        await db.SaveChangesAsync(ct);
        return unread.Count;
    }

    /// <summary>The webhook of a unit (null: the office's), for the settings form; pass its Version back when saving.</summary>
    public async Task<(string Url, bool Enabled, long Version)?> WebhookAsync(Actor actor, int? unitId, CancellationToken ct = default)
    {
        RequireWebhookAdmin(actor, unitId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hook = await db.Set<UnitWebhook>().AsNoTracking().SingleOrDefaultAsync(w => w.UnitId == unitId, ct);
        return hook is null ? null : (hook.Url, hook.Enabled, hook.Version);
    }

    /// <summary>
    /// Sets where a unit's notifications are pushed (a 钉钉/企业微信 group robot address). The office configures any
    /// unit; a unit's 主要领导 configures its own.
    /// </summary>
    /// <param name="version">The version the form was loaded with; null when it showed no address yet.</param>
    public async Task SetWebhookAsync(Actor actor, int? unitId, string url, bool enabled, long? version, CancellationToken ct = default)
    {
        RequireWebhookAdmin(actor, unitId);
        var text = url.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new DomainException("推送地址应为以 https:// 开头的完整网址，例如钉钉或企业微信群机器人的 Webhook 地址。");
        if (text.Length > 500)
            throw new DomainException("推送地址不能超过500个字符。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hook = await db.Set<UnitWebhook>().SingleOrDefaultAsync(w => w.UnitId == unitId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (hook?.Version != version)
            throw new DomainException(StaleWebhook);
        if (hook is null)
            db.Add(new UnitWebhook(unitId, text, enabled, now));
        else
            hook.Set(text, enabled, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException || (ex is DbUpdateException && hook is null))
        {
            // Someone saved in between: a changed row (version), or a first address for the unit (unique index).
            throw new DomainException(StaleWebhook);
        }
    }

    private const string StaleWebhook = "推送设置已被他人修改，您的修改未保存。请刷新页面查看最新设置后再修改。";

    private static void RequireWebhookAdmin(Actor actor, int? unitId)
    {
        var office = actor.IsIn(Roles.Admin) || actor.IsIn(Roles.Inspector);
        var own = unitId is not null && ReportPermissions.IsOf(actor, Roles.UnitPrincipal, unitId.Value);
        if (!office && !own)
            throw new DomainException("只有督查室或本单位主要领导可以设置消息推送。");
    }

    internal static IQueryable<Notification> For(SupervisionDbContext db, Audience audience) =>
        audience.UnitId is { } unit
            ? db.Set<Notification>().Where(n => n.RecipientUnitId == unit)
            : db.Set<Notification>().Where(n => n.RecipientUnitId == null && n.ForLeaders == audience.Leaders);
}
