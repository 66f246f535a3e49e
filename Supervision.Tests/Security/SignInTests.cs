using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Security;

/// <summary>A sign-in that gives nothing away: equal answers and work for unknown names, throttling, aggregated failures, sign-out that ends the session.</summary>
public sealed partial class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Password = "Hq9#river-Lantern";

    [Fact]
    public async Task An_unknown_user_name_gets_the_same_answers_as_a_real_account_including_the_lockout()
    {
        await using var host = await SecurityHost.WithAccountsAsync("real.person", Password);
        using var real = new HttpSession(host.BaseUrl);
        using var unknown = new HttpSession(host.BaseUrl);

        var realAnswers = new List<(HttpStatusCode, string)>();
        var unknownAnswers = new List<(HttpStatusCode, string)>();
        for (var i = 1; i <= 7; i++)
        {
            realAnswers.Add(await AnswerAsync(real, "real.person", "Wrong#password" + i));
            unknownAnswers.Add(await AnswerAsync(unknown, "no.such.person", "Wrong#password" + i));
        }

        Assert.Equal(realAnswers, unknownAnswers);
        Assert.Equal(Enumerable.Repeat("用户名或密码不正确。", 4).Concat(Enumerable.Repeat("登录失败次数过多，账户已被锁定15分钟。", 3)), realAnswers.Select(a => a.Item2));
    }

    [Fact]
    public async Task Unknown_and_real_names_take_the_same_time_within_a_factor_of_two()
    {
        // The app's own rounds: the hash is the work the decoy must match, and it must outweigh the rest of a sign-in.
        await using var host = await SecurityHost.CreateAsync(appPasswordHashing: true);
        await host.CreateUserAsync("timed.person", Roles.Inspector, password: Password);
        await using var scope = host.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();

        // Interleaved, so machine load falls on both alike; the first of each warms up. Seven attempts take each name
        // through its failures, the lockout and the locked period.
        var real = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            var t = Stopwatch.StartNew();
            await signIn.PasswordSignInAsync("timed.person", "Wrong#password" + i, isPersistent: false, lockoutOnFailure: true);
            if (i > 0)
                real.Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            await signIn.PasswordSignInAsync("timed.stranger", "Wrong#password" + i, isPersistent: false, lockoutOnFailure: true);
            if (i > 0)
                unknown.Add(t.Elapsed.TotalMilliseconds);
        }

        var (realMedian, unknownMedian) = (Median(real), Median(unknown));
        TestContext.Current.TestOutputHelper?.WriteLine($"sign-in median: real account {realMedian:0} ms, unknown name {unknownMedian:0} ms");
        Assert.InRange(unknownMedian / realMedian, 0.5, 2.0);
    }

    [Fact]
    public void The_default_limits_let_an_office_sign_in_and_stop_a_flood()
    {
        var defaults = new Supervision.Web.Security.SecurityOptions();
        Assert.InRange(defaults.SignInPerClientPerMinute, 10, 60);
        Assert.InRange(defaults.SignInPerAccountPerMinute, 5, 20);
    }

    [Fact]
    public async Task Sign_ins_beyond_the_limit_per_client_address_are_refused_with_a_Chinese_429_and_noted_once()
    {
        await using var host = await SecurityHost.WithAccountsAsync("some.person", Password, "--Security:SignInPerClientPerMinute", "3", "--Security:SignInPerAccountPerMinute", "100");
        using var session = new HttpSession(host.BaseUrl);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            answers.Add((await session.PostLoginAsync("flood" + i, "Wrong#password1")).StatusCode);
        var refused = await session.PostLoginAsync("flood9", "Wrong#password1");
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("登录尝试过于频繁，请约", page);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // The sign-in page itself still opens; only posting it is limited.
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/account/login")).Status);
        var events = await host.AccessEventsAsync();
        Assert.Equal(3, events.Count(e => e.Action == AccessActions.LoginFailed));
        Assert.Single(events, e => e.Action == AccessActions.Throttled && e.Summary.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attempts_for_one_user_name_are_limited_whatever_the_address()
    {
        await using var host = await SecurityHost.WithAccountsAsync("some.person", Password, "--Security:SignInPerClientPerMinute", "100", "--Security:SignInPerAccountPerMinute", "3");
        using var session = new HttpSession(host.BaseUrl);

        var sameName = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            sameName.Add((await session.PostLoginAsync(i % 2 == 0 ? "target.person" : " TARGET.person ", "Wrong#password" + i)).StatusCode);
        var otherName = await session.PostLoginAsync("other.person", "Wrong#password1");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], sameName);
        Assert.Equal(HttpStatusCode.OK, otherName.StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_are_one_access_record_row_with_a_count_not_a_row_each()
    {
        await using var host = await SecurityHost.WithAccountsAsync("counted.person", Password, "--Security:SignInPerAccountPerMinute", "100");
        using var session = new HttpSession(host.BaseUrl);
        for (var i = 0; i < 12; i++)
            await session.PostLoginAsync("counted.person", "Wrong#password" + i);

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(Ct);
        var rows = await db.Set<AccessEvent>().AsNoTracking().Where(e => e.Subject == "counted.person").OrderBy(e => e.Id).ToListAsync(Ct);
        var events = (await host.AccessEventsAsync()).Where(e => e.Summary.Contains("counted.person", StringComparison.Ordinal)).ToList();

        // Four wrong passwords, the fifth locks, seven more in the locked period: one burst row (11) and the lockout.
        Assert.Equal([(AccessActions.LoginFailed, 11), (AccessActions.LockedOut, 1)], rows.Select(r => (r.Action, r.Count)));
        Assert.Equal("127.0.0.1", rows[0].Client);
        Assert.True(rows[0].LastOccurredAt > rows[0].OccurredAt);
        Assert.Equal([AccessActions.LoginFailed, AccessActions.LockedOut], events.Select(e => e.Action));
    }

    [Fact]
    public async Task A_cookie_captured_before_signing_out_is_refused_when_replayed()
    {
        await using var host = await SecurityHost.WithAccountsAsync("leaving.person", Password);
        using var session = new HttpSession(host.BaseUrl);
        await session.SignInAsync("leaving.person", Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/tasks")).Status);
        var captured = session.Cookies.GetAllCookies().Single(c => c.Name == "supervision.auth").Value;

        var token = await session.TokenOfAsync("/");
        var logout = await session.Client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var replay = new HttpSession(host.BaseUrl);
        replay.Cookies.Add(new Uri(host.BaseUrl), new Cookie("supervision.auth", captured));
        var (status, _, response) = await replay.GetAsync("/tasks");
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Another session of the same account is not affected.
        using var other = new HttpSession(host.BaseUrl);
        await other.SignInAsync("leaving.person", Password);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/tasks")).Status);
    }

    private static async Task<(HttpStatusCode, string)> AnswerAsync(HttpSession session, string user, string password)
    {
        var response = await session.PostLoginAsync(user, password);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        var error = ErrorPattern().Match(html);
        return (response.StatusCode, error.Success ? error.Groups[1].Value.Trim() : html.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [GeneratedRegex("class=\"login-error\" role=\"alert\">([^<]*)<")]
    private static partial Regex ErrorPattern();
}
