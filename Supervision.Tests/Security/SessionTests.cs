using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Web.Security;

namespace Supervision.Tests.Security;

public sealed class SessionTests
{
    private static CircuitRegistry Registry(FakeTimeProvider clock, int cap = 3, int idleMinutes = 30) =>
        new(clock, Options.Create(new SecurityOptions { MaxCircuitsPerUser = cap, IdleTimeout = TimeSpan.FromMinutes(idleMinutes) }), NullLogger<CircuitRegistry>.Instance);

    [Fact]
    public void Opening_more_pages_than_the_cap_closes_the_oldest_of_that_account_only()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var registry = Registry(clock, cap: 2);
        var ended = new List<string>();
        registry.Register("a1", "alice", r => ended.Add("a1:" + r));
        clock.Advance(TimeSpan.FromSeconds(1));
        registry.Register("b1", "bob", r => ended.Add("b1:" + r));
        registry.Register("a2", "alice", r => ended.Add("a2:" + r));
        clock.Advance(TimeSpan.FromSeconds(1));
        registry.Register("a3", "alice", r => ended.Add("a3:" + r));

        Assert.Equal(["a1:" + SessionEndReasons.TooMany], ended);
        Assert.Equal(["a2", "a3"], registry.Of("alice").Select(c => c.CircuitId));
        Assert.Single(registry.Of("bob"));
    }

    [Fact]
    public void Pages_idle_longer_than_the_timeout_are_closed_and_active_ones_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        var registry = Registry(clock, idleMinutes: 30);
        var ended = new List<string>();
        registry.Register("idle", "alice", r => ended.Add("idle:" + r));
        var active = registry.Register("active", "alice", r => ended.Add("active:" + r));

        clock.Advance(TimeSpan.FromMinutes(20));
        active.Touch(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, registry.EndIdle());

        Assert.Equal(["idle:" + SessionEndReasons.Idle], ended);
        Assert.Equal("active", Assert.Single(registry.Of("alice")).CircuitId);
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(1, registry.EndIdle());
        Assert.Empty(registry.Of("alice"));
    }

    [Fact]
    public void An_ended_page_is_ended_once_and_every_reason_has_a_Chinese_message()
    {
        var clock = new FakeTimeProvider();
        var registry = Registry(clock);
        var count = 0;
        registry.Register("a1", "alice", _ => count++);
        Assert.Equal(1, registry.EndSessions("alice", SessionEndReasons.Ended));
        Assert.Equal(0, registry.EndSessions("alice", SessionEndReasons.Ended));
        Assert.Equal(1, count);
        foreach (var reason in new[] { SessionEndReasons.Idle, SessionEndReasons.Ended, SessionEndReasons.Disabled, SessionEndReasons.TooMany })
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", SessionEndReasons.Describe(reason));
        Assert.Null(SessionEndReasons.Describe("<script>"));
    }

    [Fact]
    public async Task Default_settings_meet_the_session_requirements()
    {
        await using var host = await SecurityHost.CreateAsync();
        var options = host.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        // A disabled user's pages must end within 60 s even if the admin's direct close misses one.
        Assert.True(options.RevalidationInterval <= TimeSpan.FromSeconds(30));
        Assert.True(options.MaxCircuitsPerUser is > 0 and <= 10);
        var cookie = host.Services.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        Assert.Equal(options.IdleTimeout, cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        Assert.True(cookie.Cookie.HttpOnly);
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.IsType<RevalidatingAuthentication>(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>());
        var stamp = host.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>>().Value;
        Assert.True(stamp.ValidationInterval <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Detailed_circuit_errors_stay_off_in_Production_even_when_configured_on()
    {
        await using var host = await SecurityHost.CreateAsync(extra: ["--DetailedErrors", "true"]);
        Assert.False(host.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Components.Server.CircuitOptions>>().Value.DetailedErrors);
    }
}
