using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Security;

/// <summary>The real app with the demo city, started on a random port, shared by the HTTP security tests.</summary>
public sealed class DemoHostFixture : IAsyncLifetime
{
    public SecurityHost Host { get; private set; } = default!;

    /// <summary>A task 市发展改革委 (fgw) leads, and one it has nothing to do with.</summary>
    public (int Id, string Number, string Title) OwnTask { get; private set; }

    public (int Id, string Number, string Title) OtherTask { get; private set; }

    public int OtherNoticeId { get; private set; }

    public int OwnNoticeId { get; private set; }

    /// <summary>A file on a draft of an open task fgw leads, and one on a task fgw has nothing to do with.</summary>
    public int OwnAttachment { get; private set; }

    public int OtherAttachment { get; private set; }

    /// <summary>A report on a task fgw has nothing to do with: id, task id, period and the task's title.</summary>
    public (int Id, int TaskId, string Period, string Title, string Number) OtherReport { get; private set; }

    public int OtherUnit { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Host = await SecurityHost.CreateAsync(demo: true, start: true);
        await using var scope = Host.Services.CreateAsyncScope();
        var fgw = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("fgw.operator"))!.UnitId!.Value;
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        var own = await db.Tasks.Where(t => t.LeadUnitId == fgw).OrderBy(t => t.Id).Select(t => new { t.Id, t.Number, t.Title }).FirstAsync();
        var other = await db.Tasks.Where(t => t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)).OrderBy(t => t.Id).Select(t => new { t.Id, t.Number, t.Title }).FirstAsync();
        OwnTask = (own.Id, own.Number, own.Title);
        OtherTask = (other.Id, other.Number, other.Title);
        OtherNoticeId = await db.Notices.Where(n => n.TaskId == other.Id).Select(n => n.Id).FirstAsync();
        OwnNoticeId = await db.Notices.Where(n => n.TaskId == own.Id).Select(n => n.Id).FirstAsync();

        var soon = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        var open = db.Tasks.Where(t => t.State == TaskState.InProgress && t.Deadline > soon).OrderBy(t => t.Id);
        var ownOpen = await open.Where(t => t.LeadUnitId == fgw).Select(t => t.Id).FirstAsync();
        var otherOpen = await open.Where(t => t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)).Select(t => t.Id).FirstAsync();
        OwnAttachment = (await MatrixFixture.DraftWithAttachmentAsync(Host.Services, ownOpen)).Attachment;
        OtherAttachment = (await MatrixFixture.DraftWithAttachmentAsync(Host.Services, otherOpen)).Attachment;
        var report = await db.Reports.Where(r => db.Tasks.Any(t => t.Id == r.TaskId && t.LeadUnitId != fgw && !t.AssistingUnits.Any(a => a.UnitId == fgw)))
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.TaskId, r.PeriodKey }).FirstAsync();
        var reportTask = await db.Tasks.Where(t => t.Id == report.TaskId).Select(t => new { t.Title, t.Number, t.LeadUnitId }).SingleAsync();
        OtherReport = (report.Id, report.TaskId, report.PeriodKey, reportTask.Title, reportTask.Number);
        OtherUnit = reportTask.LeadUnitId;
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed class HttpSecurityTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private string BaseUrl => fixture.Host.BaseUrl;

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    [InlineData("/css/app.css")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var session = new HttpSession(BaseUrl);
        var (_, _, response) = await session.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'self'; script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        // Plain HTTP: HSTS would be ignored by browsers and is not sent (see SecurityHeaderTests for HTTPS).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Forms_posted_without_an_antiforgery_token_are_refused()
    {
        using var session = new HttpSession(BaseUrl);
        var login = await session.Client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "inspector", ["Input.Password"] = DemoAccounts.DefaultPassword,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == "supervision.auth");

        var setup = await session.Client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup", ["Input.Code"] = "AAAA-BBBB-CCCC", ["Input.UserName"] = "x", ["Input.Password"] = "Hq9#river-Lantern", ["Input.Confirm"] = "Hq9#river-Lantern",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, setup.StatusCode);

        await session.SignInAsync("inspector", DemoAccounts.DefaultPassword);
        var logout = await session.Client.PostAsync("/account/logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await session.GetAsync("/account/keepalive")).Status);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_even_the_right_one_is_refused_and_each_step_is_recorded()
    {
        await fixture.Host.CreateUserAsync("lock.test", Roles.Inspector, password: "Hq9#river-Lantern");
        using var session = new HttpSession(BaseUrl);
        for (var i = 1; i <= 4; i++)
            Assert.Contains("用户名或密码不正确。", await TextAsync(await session.PostLoginAsync("lock.test", "Wrong#password" + i)));
        Assert.Contains("登录失败次数过多，账户已被锁定15分钟。", await TextAsync(await session.PostLoginAsync("lock.test", "Wrong#password5")));

        var right = await session.PostLoginAsync("lock.test", "Hq9#river-Lantern");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var page = await TextAsync(right);
        Assert.Contains("登录失败次数过多，账户已被锁定15分钟。", page);
        Assert.DoesNotContain("Hq9#river-Lantern", page);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == "supervision.auth");

        // The four failures and the refusal in the locked period are one burst (its first failure is the event); the lockout is its own.
        var events = (await fixture.Host.AccessEventsAsync()).Where(e => e.Summary.Contains("lock.test", StringComparison.Ordinal)).ToList();
        Assert.Equal([AccessActions.LoginFailed, AccessActions.LockedOut], events.Select(e => e.Action));
        await using (var db = await fixture.Host.Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
            Assert.Equal(5, await db.Set<AccessEvent>().Where(e => e.Subject == "lock.test" && e.Action == AccessActions.LoginFailed).SumAsync(e => e.Count, TestContext.Current.CancellationToken));
        Assert.All(events, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind));
        Assert.All(events, e => Assert.InRange(e.OccurredAt, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddSeconds(5)));
    }

    [Fact]
    public async Task Sign_ins_unknown_users_and_sign_outs_are_recorded()
    {
        using var session = new HttpSession(BaseUrl);
        await session.PostLoginAsync("nobody.here", "Whatever#12345");
        await session.SignInAsync("gxq.principal", DemoAccounts.DefaultPassword);
        var token = await session.TokenOfAsync("/");
        await session.Client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);

        var events = await fixture.Host.AccessEventsAsync();
        Assert.Contains(events, e => e.Action == AccessActions.LoginFailed && e.Summary.Contains("“nobody.here”不存在", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == AccessActions.LoginSucceeded && e.ActorId == "gxq.principal");
        Assert.Contains(events, e => e.Action == AccessActions.Logout && e.ActorId == "gxq.principal");
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_even_with_the_right_password()
    {
        var id = await fixture.Host.CreateUserAsync("disabled.test", Roles.Inspector, password: "Hq9#river-Lantern");
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(new Actor("admin", "系统管理员", new HashSet<string> { Roles.Admin }, null), id, true, TestContext.Current.CancellationToken);
        using var session = new HttpSession(BaseUrl);

        var wrong = await TextAsync(await session.PostLoginAsync("disabled.test", "Wrong#password1"));
        Assert.Contains("用户名或密码不正确。", wrong);
        var right = await TextAsync(await session.PostLoginAsync("disabled.test", "Hq9#river-Lantern"));
        Assert.Contains("该账户已停用，请联系督查室管理员。", right);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == "supervision.auth");
        Assert.Contains(await fixture.Host.AccessEventsAsync(), e => e.Action == AccessActions.DisabledLogin && e.Summary.Contains("disabled.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_unit_operator_typing_another_units_task_or_notice_URL_sees_nothing_of_it()
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("fgw.operator", DemoAccounts.DefaultPassword);

        var own = await session.GetAsync($"/tasks/{fixture.OwnTask.Id}");
        Assert.Contains(fixture.OwnTask.Number, own.Body);
        var other = await session.GetAsync($"/tasks/{fixture.OtherTask.Id}");
        // A forbidden id and a missing one get the same answer: 404 with the Chinese message (README: a crafted id a 404).
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Contains("该任务不存在，或您无权查看。", other.Body);
        Assert.DoesNotContain(fixture.OtherTask.Number, other.Body);
        Assert.DoesNotContain(fixture.OtherTask.Title, other.Body);
        var missing = await session.GetAsync("/tasks/99999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("该任务不存在，或您无权查看。", missing.Body);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/tasks/{fixture.OwnTask.Id}")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/notices/{fixture.OtherNoticeId}.pdf")).Status);
        var ownNotice = await session.GetAsync($"/notices/{fixture.OwnNoticeId}.pdf");
        Assert.True(ownNotice.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, ownNotice.Status.ToString());
    }

    [Fact]
    public async Task A_unit_operator_typing_another_units_report_or_attachment_URL_sees_nothing_of_it()
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("fgw.operator", DemoAccounts.DefaultPassword);

        // Its own unit's file comes with the Chinese name (RFC 5987); another unit's, or a made-up id, is not there.
        var own = await session.GetAsync($"/files/attachments/{fixture.OwnAttachment}");
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal("落实情况说明.pdf", own.Response.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.StartsWith("%PDF", own.Body, StringComparison.Ordinal);
        Assert.Contains("no-store", own.Response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/files/attachments/{fixture.OtherAttachment}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/files/attachments/2147483647")).Status);

        // Both addresses of another unit's report page answer with the refusal and nothing of the task.
        foreach (var (path, answer) in new[] { ($"/tasks/{fixture.OtherReport.TaskId}/reports/{fixture.OtherReport.Period}", "该任务不存在，或您无权查看。"), ($"/feedback/{fixture.OtherReport.Id}", "该报告不存在，或您无权查看。") })
        {
            var page = await session.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Contains(answer, page.Body);
            Assert.DoesNotContain(fixture.OtherReport.Title, page.Body);
            Assert.DoesNotContain(fixture.OtherReport.Number, page.Body);
        }

        // Someone else's report and a report that does not exist read exactly alike, so trying ids reveals nothing.
        var notYours = await session.GetAsync($"/feedback/{fixture.OtherReport.Id}");
        var missing = await session.GetAsync("/feedback/2147483647");
        Assert.Equal(notYours.Status, missing.Status);
        Assert.Equal(Comparable(notYours.Body), Comparable(missing.Body));

        // The office's pages for editing a task or verifying the record are not for a unit account.
        foreach (var path in new[] { $"/tasks/{fixture.OtherReport.TaskId}/edit", "/admin/audit", "/admin/units", "/tasks/import" })
        {
            var (status, body, response) = await session.GetAsync(path);
            Assert.True(status == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/account/denied", StringComparison.Ordinal), $"{path}: {(int)status}");
            Assert.DoesNotContain(fixture.OtherReport.Title, body);
        }
    }

    [Theory]
    [InlineData("unit={other}")]
    [InlineData("unit={other}&year=abc&light=99&sort=-1&from=2026-13-45")]
    [InlineData("q=%25&unit=-1&category=2147483647")]
    public async Task A_crafted_ledger_export_holds_only_the_units_own_tasks(string query)
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("fgw.operator", DemoAccounts.DefaultPassword);
        var (status, _, response) = await session.GetAsync("/tasks/export.xlsx?" + query.Replace("{other}", fixture.OtherUnit.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(response.Content.Headers.ContentDisposition!.FileNameStar);
        using var workbook = new ClosedXML.Excel.XLWorkbook(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var cells = workbook.Worksheets.SelectMany(w => w.CellsUsed()).Select(c => c.GetString()).ToHashSet();
        Assert.DoesNotContain(fixture.OtherTask.Number, cells);
        Assert.DoesNotContain(fixture.OtherReport.Number, cells);
    }

    [Theory]
    [InlineData("/reports/completion.xlsx?period=2026-H1")]
    [InlineData("/reports/bulletin.pdf?period=2026-H1")]
    [InlineData("/reports/issued/1")]
    public async Task Unit_accounts_are_refused_the_office_documents_and_the_refusal_is_recorded(string path)
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("landong.supervisor", DemoAccounts.DefaultPassword);
        var (status, _, _) = await session.GetAsync(path);
        Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, status.ToString());
        await WaitForAsync(async () => (await fixture.Host.AccessEventsAsync()).Any(e =>
            e.Action == AccessActions.Denied && e.ActorId == "landong.supervisor" && e.Summary.Contains(path.Split('?')[0], StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?period=2026-H3")]
    [InlineData("?period=1999-Y")]
    [InlineData("?period=2026-H1%27%20OR%201%3D1")]
    [InlineData("?period=..%2F..%2Fetc%2Fpasswd")]
    public async Task A_crafted_period_gets_a_Chinese_400_not_a_crash(string query)
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("inspector", DemoAccounts.DefaultPassword);
        var (status, body, _) = await session.GetAsync("/reports/completion.xlsx" + query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("报告期不正确", body);
    }

    [Theory]
    [InlineData("/tasks/99999999/edit", "该任务不存在，或您无权查看。")]
    [InlineData("/feedback/99999999", "该报告不存在，或您无权查看。")]
    [InlineData("/tasks/99999999/reports/2026-01", "")]
    [InlineData("/reports/bulletin/2026-H3", "")]
    public async Task Office_pages_for_a_missing_id_or_period_answer_404_with_their_Chinese_message(string path, string message)
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("inspector", DemoAccounts.DefaultPassword);
        var (status, body, _) = await session.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains(message, body);
        Assert.Contains("督查管理系统", body);
    }

    [Fact]
    public async Task Downloads_carry_the_Chinese_file_name_as_RFC_5987_and_are_not_cached()
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync("inspector", DemoAccounts.DefaultPassword);
        var year = DateTime.UtcNow.AddHours(8).Year;
        var (status, _, response) = await session.GetAsync($"/reports/completion.xlsx?period={year}-Q1");
        Assert.Equal(HttpStatusCode.OK, status);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.StartsWith("attachment", disposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''", disposition.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(".xlsx", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", disposition.FileNameStar);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("/reports/completion.xlsx?period=2026-H1")]
    [InlineData("/account/keepalive")]
    [InlineData("/admin/users")]
    [InlineData("/tasks/1")]
    public async Task Anonymous_requests_are_sent_to_sign_in(string path)
    {
        using var session = new HttpSession(BaseUrl);
        var (status, _, response) = await session.GetAsync(path);
        Assert.True(status is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, status.ToString());
        if (status == HttpStatusCode.Redirect)
            Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("fgw.operator")]
    [InlineData("inspector")]
    [InlineData("leader")]
    public async Task Only_the_admin_reaches_the_users_page(string userName)
    {
        using var session = new HttpSession(BaseUrl);
        await session.SignInAsync(userName, DemoAccounts.DefaultPassword);
        var (_, body, _) = await session.GetAsync("/admin/users");
        Assert.DoesNotContain("data-testid=\"users\"", body);
        Assert.DoesNotContain("fgw.supervisor", body);

        using var admin = new HttpSession(BaseUrl);
        await admin.SignInAsync("admin", DemoAccounts.DefaultPassword);
        Assert.Contains("fgw.supervisor", (await admin.GetAsync("/admin/users")).Body);
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_refused()
    {
        using var session = new HttpSession(BaseUrl);
        var token = await session.TokenOfAsync("/account/login");
        using var content = new MultipartFormDataContent
        {
            { new StringContent("login"), "_handler" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[31 * 1024 * 1024]), "file", "big.pdf" },
        };
        HttpResponseMessage? response = null;
        try
        {
            response = await session.Client.PostAsync("/account/login", content, TestContext.Current.CancellationToken);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending: refused as well.
        }

        if (response is not null)
            Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    /// <summary>The page as a person reads it (Blazor writes Chinese text as character references).</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // Refusals are recorded after the response completes.
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
                return;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail("条件未满足");
    }

    /// <summary>A page without what differs on every response (Blazor's component markers and state, tokens, generated element ids).</summary>
    private static string Comparable(string body)
    {
        foreach (var pattern in new[] { "<!--[\\s\\S]*?-->", "[A-Za-z0-9+/=_-]{60,}", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "mudinput[-0-9a-z]+" })
            body = System.Text.RegularExpressions.Regex.Replace(body, pattern, "");
        return body;
    }
}
