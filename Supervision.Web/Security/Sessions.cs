using Microsoft.JSInterop;
using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace Supervision.Web.Security;

/// <summary>One open page (Blazor circuit) of a signed-in account.</summary>
public sealed class TrackedCircuit
{
    private readonly Action<string> _navigateAway;
    private long _lastActivityTicks;

    internal TrackedCircuit(string circuitId, string userId, DateTimeOffset openedAt, Action<string> navigateAway)
    {
        CircuitId = circuitId;
        UserId = userId;
        OpenedAt = openedAt;
        _lastActivityTicks = openedAt.UtcTicks;
        _navigateAway = navigateAway;
    }

    public string CircuitId { get; }
    public string UserId { get; }
    public DateTimeOffset OpenedAt { get; }
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Set once the session was ended: the page may do nothing more.</summary>
    public string? EndedBecause { get; private set; }

    /// <summary>When the session was ended.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    internal void Touch(DateTimeOffset at) => Interlocked.Exchange(ref _lastActivityTicks, at.UtcTicks);

    internal void End(string reason, DateTimeOffset at)
    {
        if (EndedBecause is not null)
            return;
        EndedBecause = reason;
        EndedAt = at;
        _navigateAway(reason);
    }
}

/// <summary>
/// Every open circuit by account, so sessions can be ended: when an admin disables an account or ends its sessions,
/// when the per-account cap is passed, or when a page sits idle. Ending sends the page to the sign-in screen and
/// refuses anything further the page sends (which closes the circuit even if the browser ignores the navigation).
/// </summary>
public sealed class CircuitRegistry(TimeProvider clock, IOptions<SecurityOptions> options, ILogger<CircuitRegistry> logger)
{
    private readonly ConcurrentDictionary<string, TrackedCircuit> _circuits = new(StringComparer.Ordinal);

    /// <summary>The open circuits of an account, oldest first.</summary>
    public IReadOnlyList<TrackedCircuit> Of(string userId) =>
        _circuits.Values.Where(c => c.UserId == userId && c.EndedBecause is null).OrderBy(c => c.OpenedAt).ToList();

    /// <summary>All open circuits.</summary>
    public IReadOnlyList<TrackedCircuit> All => _circuits.Values.ToList();

    internal TrackedCircuit Register(string circuitId, string userId, Action<string> navigateAway)
    {
        var tracked = new TrackedCircuit(circuitId, userId, clock.GetUtcNow(), navigateAway);
        _circuits[circuitId] = tracked;
        var open = Of(userId);
        var cap = Math.Max(1, options.Value.MaxCircuitsPerUser);
        foreach (var old in open.Take(Math.Max(0, open.Count - cap)))
        {
            logger.LogInformation("Circuit {Circuit} of {User} closed: more than {Cap} open pages", old.CircuitId, userId, cap);
            old.End(SessionEndReasons.TooMany, clock.GetUtcNow());
        }

        return tracked;
    }

    internal void Unregister(string circuitId) => _circuits.TryRemove(circuitId, out _);

    internal TrackedCircuit? Find(string circuitId) => _circuits.GetValueOrDefault(circuitId);

    /// <summary>Ends every open page of an account now; returns how many.</summary>
    public int EndSessions(string userId, string reason)
    {
        var open = Of(userId);
        foreach (var circuit in open)
            circuit.End(reason, clock.GetUtcNow());
        if (open.Count > 0)
            logger.LogInformation("Ended {Count} circuits of {User}: {Reason}", open.Count, userId, reason);
        return open.Count;
    }

    /// <summary>Ends pages without interaction for longer than the idle timeout; returns how many.</summary>
    public int EndIdle()
    {
        var limit = clock.GetUtcNow() - options.Value.IdleTimeout;
        var idle = _circuits.Values.Where(c => c.EndedBecause is null && c.LastActivity < limit).ToList();
        foreach (var circuit in idle)
            circuit.End(SessionEndReasons.Idle, clock.GetUtcNow());
        return idle.Count;
    }
}

/// <summary>Why a session ended; the sign-in page explains each in Chinese.</summary>
public static class SessionEndReasons
{
    public const string Idle = "idle";
    public const string Ended = "ended";
    public const string Disabled = "disabled";
    public const string TooMany = "too-many";

    /// <summary>The sign-in page's message for a reason, or null.</summary>
    public static string? Describe(string? reason) => reason switch
    {
        Idle => "由于长时间未操作，您已自动退出，请重新登录。",
        Ended => "您的会话已被管理员结束，请重新登录。",
        Disabled => "该账户已停用，请联系督查室管理员。",
        TooMany => "同一账户打开的页面过多，较早的页面已关闭。",
        _ => null,
    };
}

/// <summary>
/// Registers each circuit of a signed-in account with <see cref="CircuitRegistry"/>, notes its activity for the idle
/// timeout, and once the session is ended refuses everything the page sends, which terminates the circuit.
/// </summary>
internal sealed class SessionCircuitHandler(
    CircuitRegistry registry,
    AuthenticationStateProvider authentication,
    NavigationManager navigation,
    Microsoft.JSInterop.IJSRuntime js,
    IOptions<SecurityOptions> options,
    TimeProvider clock,
    ILogger<SessionCircuitHandler> logger) : CircuitHandler
{
    private TrackedCircuit? _tracked;
    private SynchronizationContext? _dispatcher;
    private DateTimeOffset _lastKeepAlive = DateTimeOffset.MinValue;

    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(5);

    public override int Order => -100;

    /// <summary>Why this page's session was ended, or null while it is not.</summary>
    internal string? EndedBecause => _tracked?.EndedBecause;

    /// <summary>The sign-in page's address telling why the session ended.</summary>
    internal static string SignInAfter(string reason) => $"/account/login?ended={Uri.EscapeDataString(reason)}";

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // Circuit events run on the circuit's dispatcher; navigation from elsewhere (an admin's page, the idle
        // monitor) is posted back onto it, as Blazor requires.
        _dispatcher = SynchronizationContext.Current;
        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (string.IsNullOrEmpty(userId))
            return;
        _tracked = registry.Register(circuit.Id, userId, NavigateAway);
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        registry.Unregister(circuit.Id);
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var now = clock.GetUtcNow();
            // A short grace lets the page receive and follow the navigation to the sign-in page (refusing its
            // acknowledgements at once would kill the circuit before the browser is told where to go).
            if (_tracked is { EndedBecause: { } reason, EndedAt: { } endedAt } && now - endedAt > EndGrace)
                throw new SessionEndedException(reason);
            _tracked?.Touch(now);
            KeepCookieAlive(now);
            await next(context);
        };

    // Work inside a page makes no HTTP requests, so the sliding cookie would expire under someone busy in one page;
    // while they interact, the page fetches /account/keepalive now and then, which renews it.
    private void KeepCookieAlive(DateTimeOffset now)
    {
        if (_tracked is null || _dispatcher is null || now - _lastKeepAlive < options.Value.IdleTimeout / 3)
            return;
        _lastKeepAlive = now;
        _dispatcher.Post(async _ =>
        {
            try
            {
                await js.InvokeVoidAsync("fetch", "/account/keepalive", new { credentials = "same-origin", cache = "no-store" });
            }
            catch (Exception ex) when (ex is Microsoft.JSInterop.JSException or InvalidOperationException or TaskCanceledException or ObjectDisposedException)
            {
                logger.LogDebug(ex, "Keep-alive failed");
            }
        }, null);
    }

    private void NavigateAway(string reason)
    {
        void Navigate(object? _)
        {
            try
            {
                navigation.NavigateTo(SignInAfter(reason), forceLoad: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
            {
                // The page is already gone; the refusal of further activity covers a browser that stays.
                logger.LogDebug(ex, "Could not navigate an ended circuit away");
            }
        }

        if (_dispatcher is { } dispatcher)
            dispatcher.Post(Navigate, null);
        else
            Navigate(null);
    }
}

/// <summary>Thrown into a circuit whose session was ended, which makes Blazor close it.</summary>
public sealed class SessionEndedException(string reason) : Exception($"会话已结束（{reason}）。")
{
    public string Reason { get; } = reason;
}

/// <summary>Closes idle pages (the server side of the inactivity timeout).</summary>
internal sealed class IdleCircuitMonitor(CircuitRegistry registry, IOptions<SecurityOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.IdleTimeout.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            registry.EndIdle();
    }
}
