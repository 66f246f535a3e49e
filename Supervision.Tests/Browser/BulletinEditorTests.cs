using Microsoft.Playwright;

namespace Supervision.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class BulletinEditorTests(AppFixture app)
{
    [Fact]
    public async Task Inspector_sees_the_drafted_bulletin_and_its_preview_follows_edits()
    {
        var page = await app.SignInAsync("inspector");
        await app.OpenAsync(page, "/reports/bulletin/2026-H1");

        await Assertions.Expect(page.GetByTestId("bulletin-state")).ToHaveTextAsync("草稿（根据数据起草，尚未保存）");
        var overall = page.GetByLabel("一、总体情况");
        await Assertions.Expect(overall).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("8项主要经济发展指标中"));
        var firstPage = page.GetByTestId("preview-page").First;
        await Assertions.Expect(firstPage).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var before = await firstPage.GetAttributeAsync("src");

        var title = page.GetByLabel("标题", new() { Exact = true });
        await title.FillAsync("澜江市人民政府办公室关于上半年重点工作推进情况的通报");
        await Assertions.Expect(firstPage).Not.ToHaveAttributeAsync("src", before!, new() { Timeout = 20_000 });

        Directory.CreateDirectory(Screenshots.Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, "bulletin-editor.png") });
    }
}
