using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Browser;

/// <summary>
/// A unit reports from a phone (390×844): every page its roles use fits 360–430 px without sideways scrolling, whatever
/// is tapped is at least 40 px, the ledger's cards carry labels, and 签收, 附件 and 反馈 are done with one thumb.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    // Everything a finger may tap that is on screen (not in a closed drawer or popover): its box, and for form fields
    // the field's own box, which is what takes the tap.
    private const string SmallTargets = """
        () => {
          const out = [];
          const seen = new Set();
          for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')) {
            const box = (el.matches('input, textarea, select') && el.closest('.mud-input')) || (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')) || el;
            if (seen.has(box)) continue;
            seen.add(box);
            const r = box.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= innerWidth) continue;
            if (getComputedStyle(box).visibility === 'hidden' || box.closest('[hidden], .mud-popover:not(.mud-popover-open)')) continue;
            if (r.height < 40 || r.width < 40)
              out.push(`${box.tagName.toLowerCase()}「${(box.innerText || box.value || box.getAttribute('aria-label') || '').trim().slice(0, 16)}」${Math.round(r.width)}×${Math.round(r.height)}`);
          }
          return out;
        }
        """;

    [Fact]
    public async Task A_unit_signs_reports_and_approves_from_a_phone_without_sideways_scrolling()
    {
        var (taskId, number, _) = await app.AssignNewTaskAsync("市发展和改革委员会", "推进城区老旧小区改造（手机端测试）");
        var period = await CurrentPeriodAsync(taskId);

        // The sign-in page itself, on a phone that has not signed in yet.
        var stranger = await (await app.NewContextAsync(AppFixture.Phone)).NewPageAsync();
        await stranger.GotoAsync(app.BaseUrl + "/account/login");
        await CheckAsync(stranger, "/account/login", "phone-login", reload: false);
        await stranger.Context.CloseAsync();

        // Signing in lands on the home page: checked as it came, not loaded a second time.
        var op = await app.SignInAsync("fgw.operator", AppFixture.Phone);
        await CheckAsync(op, "/", "phone-home-operator", reload: false);

        // 签收 from the to-do list: a full-width button on the task's card.
        await CheckAsync(op, "/todo", "phone-todo-operator");
        var card = op.Locator("[data-testid=todo-item]", new() { HasText = number });
        var sign = card.Locator("[data-testid=btn-ack]");
        var signBox = (await sign.BoundingBoxAsync())!;
        Assert.True(signBox.Width >= 140 && signBox.Height >= 40, $"签收按钮应与“办理”平分卡片宽度，实际{signBox.Width:0}×{signBox.Height:0}");
        await sign.ClickAsync();
        await Assertions.Expect(sign).ToHaveCountAsync(0);

        // The ledger's cards say what each value is.
        var cells = op.Locator("[data-testid=ledger] .mud-table-body .mud-table-cell");
        await CheckAsync(op, "/tasks", "phone-ledger-operator", ready: cells);
        var labels = await cells.EvaluateAllAsync<string[]>("cells => cells.map(c => getComputedStyle(c, '::before').content)");
        Assert.All(labels, l => Assert.Matches("^\"[^\"]+\"$", l));
        Assert.Contains("\"牵头单位\"", labels);

        await CheckAsync(op, $"/tasks/{taskId}", "phone-task-operator");
        await CheckAsync(op, "/feedback", "phone-feedback-operator");
        await CheckAsync(op, "/notifications", "phone-notifications-operator");
        await CheckAsync(op, "/reports", "phone-reports-operator");

        // The report: a photo chosen before anything is saved waits, the draft keeps it, and the buttons that finish the
        // work stay at the bottom of the screen.
        var report = $"/tasks/{taskId}/reports/{period}";
        await CheckAsync(op, report, "phone-report-new-operator");
        await op.Locator("[data-testid=field-progress] textarea").First.FillAsync("已完成12个小区的改造方案审查，其中8个已开工。");
        await op.Locator("[data-testid=attachment-input]").ChooseAsync(new FilePayload { Name = "现场照片说明.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await Assertions.Expect(op.Locator("[data-testid=pending-attachments]")).ToContainTextAsync("现场照片说明.pdf");
        await op.Locator("[data-testid=field-value] input").FillAsync("40");
        await AssertUnderThumbAsync(op, "[data-testid=btn-save]");
        await op.ClickAsync("[data-testid=btn-save]");
        await Assertions.Expect(op.Locator("[data-testid=attachment-link]")).ToContainTextAsync("现场照片说明.pdf");
        await CheckAsync(op, report, "phone-report-attachment-operator", reload: false);
        await AssertUnderThumbAsync(op, "[data-testid=btn-send]");
        await op.ClickAsync("[data-testid=btn-send]");
        await Assertions.Expect(op.Locator("[data-testid=report-state]")).ToHaveTextAsync("待主管领导审核");

        // The unit's two reviewers approve on their phones.
        foreach (var (user, before, after) in new[] { ("fgw.supervisor", "待主管领导审核", "待主要领导审批"), ("fgw.principal", "待主要领导审批", "已报送") })
        {
            var reviewer = await app.SignInAsync(user, AppFixture.Phone, path: "/todo");
            await CheckAsync(reviewer, "/todo", $"phone-todo-{user}", reload: false);
            await CheckAsync(reviewer, "/feedback", $"phone-feedback-{user}");
            await CheckAsync(reviewer, report, $"phone-report-{user}");
            await Assertions.Expect(reviewer.Locator("[data-testid=report-state]")).ToHaveTextAsync(before);
            await AssertUnderThumbAsync(reviewer, "[data-testid=btn-approve]");
            await reviewer.ClickAsync("[data-testid=btn-approve]");
            await Assertions.Expect(reviewer.Locator("[data-testid=report-state]")).ToHaveTextAsync(after);
            await reviewer.Context.CloseAsync();
        }

        // The person's own menu in the app bar leads to the password page.
        await op.ClickAsync("[data-testid=user-button]");
        await op.ClickAsync("[data-testid=menu-password]");
        await Assertions.Expect(op).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password"));
        await op.Locator("#current").WaitForAsync();
        await CheckAsync(op, "/account/password", "phone-password-operator", reload: false);
        await op.Context.CloseAsync();
    }

    [Fact]
    public async Task The_same_pages_still_look_right_on_an_office_screen()
    {
        var (taskId, _, _) = await app.AssignNewTaskAsync("市发展和改革委员会", "推进城区智慧停车改造（桌面端测试）");
        var pages = new[] { ("/todo", "todo"), ("/feedback", "feedback"), ($"/tasks/{taskId}", "task"), ($"/tasks/{taskId}/reports/{await CurrentPeriodAsync(taskId)}", "report-new") };
        var op = await app.SignInAsync("fgw.operator", path: pages[0].Item1);
        foreach (var (path, name) in pages)
        {
            if (path != pages[0].Item1)
                await app.OpenAsync(op, path);
            Assert.True(await FitsAsync(op), $"{path} 在1440像素宽度下出现横向滚动");
            // On a desk the tables stay tables, with their headings.
            if (await op.Locator(".stack-table").CountAsync() > 0)
                Assert.Equal("table-header-group", await op.Locator(".stack-table thead").First.EvaluateAsync<string>("e => getComputedStyle(e).display"));
            await Assertions.Expect(op.Locator(".app-title-office")).ToBeVisibleAsync();
            await Screenshots.TakeAsync(op, $"desk-{name}-operator.png", fullPage: false);
        }

        await op.Context.CloseAsync();
    }

    /// <summary>
    /// Opens <paramref name="path"/> at 390 px and checks the page: no sideways scrolling (also at 360 and 430 px), the
    /// name and 退出 on screen, no tap target under 40 px; then photographs it.
    /// </summary>
    /// <param name="ready">What the page draws last (a table's rows), waited for before anything is measured.</param>
    private async Task CheckAsync(IPage page, string path, string shot, bool reload = true, ILocator? ready = null)
    {
        if (reload)
        {
            await page.GotoAsync(app.BaseUrl + path);
            await AppFixture.WaitUntilInteractiveAsync(page);
        }

        await page.Locator("h1").First.WaitForAsync();
        // The ledger's rows come in a render after the page's first: "network idle" says nothing about a circuit's
        // later batches, and on a busy machine the cells were counted before they came (0, a failed run).
        if (ready is not null)
            await ready.First.WaitForAsync();

        // Let the page's own requests (styles, fonts, scripts) settle before measuring; the circuit's batches come over
        // its WebSocket, which is what ready waits for.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        try
        {
            foreach (var width in new[] { 360, 430, 390 })
            {
                await page.SetViewportSizeAsync(width, AppFixture.Phone.Height);
                Assert.True(await FitsAsync(page), $"{path} 在{width}像素宽度下出现横向滚动：{await WidestAsync(page)}");
            }

            if (!path.StartsWith("/account/", StringComparison.Ordinal))
            {
                foreach (var selector in new[] { ".user-name", "[data-testid=logout]" })
                {
                    var box = await page.Locator(selector).First.BoundingBoxAsync();
                    Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= AppFixture.Phone.Width, $"{path}：{selector} 不在屏幕内");
                }
            }

            var small = await page.EvaluateAsync<string[]>(SmallTargets);
            Assert.True(small.Length == 0, $"{path} 有小于40像素的点按目标：{string.Join("；", small)}");
        }
        finally
        {
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await Screenshots.TakeAsync(page, shot + ".png");
        }
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");

    private static async Task<string> WidestAsync(IPage page) => JsonSerializer.Serialize(await page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 5).map(e => e.tagName + '.' + String(e.className).slice(0, 40) + ' ' + Math.round(e.getBoundingClientRect().right))
        """));

    /// <summary>The button is on screen, in the lower part where a thumb reaches, though the form above is longer than the screen.</summary>
    private static async Task AssertUnderThumbAsync(IPage page, string selector)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y + box.Height <= AppFixture.Phone.Height && box.Y >= AppFixture.Phone.Height * 0.7,
            $"{selector} 应停在屏幕下方（拇指可及处），实际位于 y={box.Y:0}");
        Assert.True(box.Height >= 44, $"{selector} 高度{box.Height:0}像素");
    }

    /// <summary>The task's report period running today.</summary>
    private async Task<string> CurrentPeriodAsync(int taskId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var periods = await scope.ServiceProvider.GetRequiredService<ReportQueries>().PeriodsAsync(AppFixture.Inspector, taskId, Ct);
        return periods.OrderBy(p => p.DueDate).Last().PeriodKey;
    }
}
