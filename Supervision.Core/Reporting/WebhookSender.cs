using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Supervision.Core.Data;
using Supervision.Core.Domain;

namespace Supervision.Core.Reporting;

/// <summary>
/// Pushes notifications to the units' group robots: a JSON POST of <c>{"msgtype":"text","text":{"content":…}}</c>,
/// the body that 钉钉 and 企业微信 robots both accept. Each notification is pushed at most once successfully and
/// retried a few times on failure; the state lives on the notification row, so a restart loses nothing.
/// </summary>
public sealed class WebhookSender(IDbContextFactory<SupervisionDbContext> dbFactory, HttpClient http, TimeProvider clock, ILogger<WebhookSender> logger)
{
    /// <summary>Attempts before a notification is given up on.</summary>
    public const int MaxAttempts = 5;

    /// <summary>The JSON body a robot receives.</summary>
    public sealed record RobotMessage([property: JsonPropertyName("msgtype")] string MsgType, [property: JsonPropertyName("text")] RobotText Text);

    public sealed record RobotText([property: JsonPropertyName("content")] string Content);

    /// <summary>Pushes every pending notification of units (and the office) that have an enabled webhook.</summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DeliverPendingAsync(string officeName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hooks = await db.Set<UnitWebhook>().AsNoTracking().Where(w => w.Enabled).ToListAsync(ct);
        if (hooks.Count == 0)
            return 0;
        var delivered = 0;
        foreach (var hook in hooks)
        {
            // Only what arrived after the hook was set up: switching a robot on must not flood a group with history.
            var pending = await db.Set<Notification>()
                .Where(n => n.RecipientUnitId == hook.UnitId && !n.ForLeaders && n.PushedAt == null && n.PushAttempts < MaxAttempts && n.CreatedAt >= hook.UpdatedAt)
                .OrderBy(n => n.Id).Take(50).ToListAsync(ct);
            foreach (var n in pending)
            {
                var text = $"【{officeName}·{ReportingNames.Of(n.Kind)}】{n.Title}\n{n.Body}";
                try
                {
                    using var response = await http.PostAsJsonAsync(hook.Url, new RobotMessage("text", new RobotText(text)), ct);
                    if (response.IsSuccessStatusCode)
                    {
                        n.MarkPushed(clock.GetUtcNow().UtcDateTime);
                        delivered++;
                    }
                    else
                        n.MarkPushFailed($"HTTP {(int)response.StatusCode}");
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Webhook push of notification {Id} failed", n.Id);
                    n.MarkPushFailed(ex.Message);
                }

                await db.SaveChangesAsync(ct);
            }
        }

        return delivered;
    }
}
