using Microsoft.Playwright;

namespace Supervision.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class BulletinEditorTests(AppFixture app) : IAsyncDisposable
{
    /// <summary>Closes the pages the test opened: a page left open stays live for the rest of the run (a signed-in page is a dashboard redrawn on every change).</summary>
    public ValueTask DisposeAsync() => app.CloseContextsAsync();

    [Fact]
    public async Task Inspector_sees_the_drafted_bulletin_and_its_preview_follows_edits()
    {
        var page = await app.SignInAsync("inspector", path: "/reports/bulletin/2026-H1");

        await Assertions.Expect(page.GetByTestId("bulletin-state")).ToHaveTextAsync("草稿（根据数据起草，尚未保存）");
        var overall = page.GetByLabel("一、总体情况");
        await Assertions.Expect(overall).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("8项主要经济发展指标中"));
        var firstPage = page.GetByTestId("preview-page").First;
        await Assertions.Expect(firstPage).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var before = await firstPage.GetAttributeAsync("src");

        var title = page.GetByLabel("标题", new() { Exact = true });
        await title.FillAsync("澜江市人民政府办公室关于上半年重点工作推进情况的通报");
        await Assertions.Expect(firstPage).Not.ToHaveAttributeAsync("src", before!, new() { Timeout = 20_000 });

        // The role → font table says what each GB/T 9704 role is printed in, and what stands in for a missing one.
        var fonts = page.GetByTestId("font-roles");
        await Assertions.Expect(fonts.GetByTestId("font-role")).ToHaveCountAsync(5);
        await Assertions.Expect(fonts).ToContainTextAsync("仿宋：正文");
        await Assertions.Expect(fonts).ToContainTextAsync("AR PL SungtiL GB（替代：未找到仿宋字体，以宋体代替）");
        await Assertions.Expect(fonts).ToContainTextAsync("AR PL KaitiM GB");

        await Screenshots.TakeAsync(page, "bulletin-editor.png", fullPage: false);
        await Screenshots.TakeAsync(fonts, "bulletin-editor-fonts.png");
    }

    [Fact]
    public async Task After_signing_the_preview_shows_the_issued_copy_with_its_number_also_after_a_reload()
    {
        var page = await app.SignInAsync("inspector", path: "/reports/bulletin/2026-Q1");
        await Assertions.Expect(page.GetByTestId("preview-page").First).ToHaveAttributeAsync("alt", "草稿预览第1页", new() { Timeout = 20_000 });

        await page.GetByTestId("bulletin-issue").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("确定签发？");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "签发", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        // Issuing numbers the document and draws and stores its PDF: on a loaded machine that takes a while.
        var state = page.GetByTestId("bulletin-state");
        await Assertions.Expect(state).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^已签发：澜政办通〔2026〕[0-9]+号"), new() { Timeout = 60_000 });
        var number = System.Text.RegularExpressions.Regex.Match(await state.InnerTextAsync(), "澜政办通〔2026〕[0-9]+号").Value;
        await Assertions.Expect(page.GetByTestId("preview-page").First).ToHaveAttributeAsync("alt", $"已签发文本 {number}第1页", new() { Timeout = 20_000 });

        await page.ReloadAsync();
        await AppFixture.WaitUntilInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("bulletin-state")).ToContainTextAsync(number);
        await Assertions.Expect(page.GetByTestId("preview-page").First).ToHaveAttributeAsync("alt", $"已签发文本 {number}第1页", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("bulletin-issue")).ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "bulletin-issued.png", fullPage: false);
    }
}
