using System.Net;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Core.Security;

namespace Supervision.Tests.Security;

/// <summary>The administrator's access record: filters, the Excel export read back, and who may read it.</summary>
public sealed class AccessRecordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Stranger = new("", "匿名", new HashSet<string>(), null);

    private static async Task SeedAsync(SecurityHost host)
    {
        var audit = host.Services.GetRequiredService<AccessAudit>();
        var op = new Actor("op-id", "崔思琪", new HashSet<string> { Roles.UnitOperator }, 1);
        await audit.RecordAsync(AccessActions.LoginSucceeded, "fgw.operator", "fgw.operator 登录成功", op, Ct);
        await audit.RecordAsync(AccessActions.LoginFailed, "fgw.operator", "登录失败：fgw.operator", Stranger, Ct);
        await audit.RecordAsync(AccessActions.LoginFailed, "=HYPERLINK(\"http://x.example\",\"点我\")", "登录失败：未知用户", Stranger, Ct);
        await audit.RecordAsync(AccessActions.LockedOut, "fgw.operator", "fgw.operator 连续登录失败，账户锁定15分钟", Stranger, Ct);
        await audit.RecordAsync(AccessActions.PasswordReset, "fgw.operator", "重置账户 fgw.operator 的密码并结束其会话", SecurityHost.AdminActor(), Ct);
    }

    [Fact]
    public void Every_kind_of_access_event_has_a_Chinese_name_in_the_record_and_its_filter()
    {
        Assert.Equal(AccessActions.All.Order(StringComparer.Ordinal), AccessRecordService.Kinds.Select(k => k.Action).Order(StringComparer.Ordinal));
        Assert.All(AccessActions.All, a => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}+$", AccessRecordService.NameOf(a)));
    }

    [Fact]
    public async Task The_record_is_read_newest_first_and_narrowed_by_kind_text_and_date()
    {
        await using var host = await SecurityHost.CreateAsync();
        await SeedAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var record = scope.ServiceProvider.GetRequiredService<AccessRecordService>();
        var admin = SecurityHost.AdminActor();

        var all = await record.PageAsync(admin, new AccessRecordFilter(), 0, 50, Ct);
        Assert.Equal(5, all.Total);
        Assert.Equal(["重置密码", "账户锁定", "登录失败", "登录失败", "登录成功"], all.Rows.Select(r => r.ActionName));
        Assert.Equal("fgw.operator", all.Rows[0].Subject);
        Assert.Equal("管理员甲", all.Rows[0].ActorName);
        Assert.True(all.Rows[1].IsWarning);
        Assert.False(all.Rows[0].IsWarning);

        var failures = await record.PageAsync(admin, new AccessRecordFilter(Action: AccessActions.LoginFailed), 0, 50, Ct);
        Assert.Equal(2, failures.Total);
        var ofAccount = await record.PageAsync(admin, new AccessRecordFilter(Text: "fgw.operator"), 0, 50, Ct);
        Assert.Equal(4, ofAccount.Total);
        var byName = await record.PageAsync(admin, new AccessRecordFilter(Text: "管理员甲"), 0, 50, Ct);
        Assert.Equal(AccessActions.PasswordReset, Assert.Single(byName.Rows).Action);

        var today = ChinaTime.Today(TimeProvider.System);
        Assert.Equal(5, (await record.PageAsync(admin, new AccessRecordFilter(From: today, To: today), 0, 50, Ct)).Total);
        Assert.Equal(0, (await record.PageAsync(admin, new AccessRecordFilter(To: today.AddDays(-1)), 0, 50, Ct)).Total);
        Assert.Equal(0, (await record.PageAsync(admin, new AccessRecordFilter(From: today.AddDays(1)), 0, 50, Ct)).Total);

        var second = await record.PageAsync(admin, new AccessRecordFilter(), 2, 2, Ct);
        Assert.Equal(5, second.Total);
        Assert.Equal(all.Rows.Skip(2).Take(2).Select(r => r.Id), second.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task The_export_holds_the_filtered_record_as_text_with_the_filter_stated()
    {
        await using var host = await SecurityHost.CreateAsync();
        await SeedAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var record = scope.ServiceProvider.GetRequiredService<AccessRecordService>();

        var bytes = await record.ExportAsync(SecurityHost.AdminActor(), new AccessRecordFilter(Action: AccessActions.LoginFailed), Ct);
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        Assert.StartsWith("访问记录（导出于", sheet.Cell(1, 1).GetString());
        Assert.Contains("共2条", sheet.Cell(1, 1).GetString());
        Assert.Equal("筛选条件：类型：登录失败", sheet.Cell(2, 1).GetString());
        Assert.Equal(["序号", "时间", "类型", "账户", "操作人", "说明"], Enumerable.Range(1, 6).Select(c => sheet.Cell(3, c).GetString()));
        Assert.Equal("登录失败", sheet.Cell(4, 3).GetString());
        // A user name typed at the sign-in page stays text: no formula reaches the administrator's Excel.
        var crafted = sheet.Cell(4, 4);
        Assert.Equal("'=HYPERLINK(\"http://x.example\",\"点我\")", crafted.GetString());
        Assert.False(crafted.HasFormula);
        Assert.Equal("fgw.operator", sheet.Cell(5, 4).GetString());
        Assert.True(sheet.Cell(6, 1).IsEmpty());
    }

    [Fact]
    public async Task Only_the_administrator_reads_or_exports_the_record()
    {
        await using var host = await SecurityHost.CreateAsync(start: true);
        await SeedAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var record = scope.ServiceProvider.GetRequiredService<AccessRecordService>();
        foreach (var role in new[] { Roles.Inspector, Roles.CityLeader, Roles.UnitOperator })
        {
            var actor = new Actor("x", "某人", new HashSet<string> { role }, role == Roles.UnitOperator ? 1 : null);
            var read = await Assert.ThrowsAsync<DomainException>(() => record.PageAsync(actor, new AccessRecordFilter(), 0, 10, Ct));
            Assert.Equal("只有督查室管理员可以查看访问记录。", read.Message);
            await Assert.ThrowsAsync<DomainException>(() => record.ExportAsync(actor, new AccessRecordFilter(), Ct));
        }

        await host.CreateUserAsync("insp1", Roles.Inspector);
        await host.CreateUserAsync("chief", Roles.Admin);
        await host.Services.GetRequiredService<Supervision.Web.Accounts.FirstRun>().PrepareAsync(Ct);
        using var inspector = new HttpSession(host.BaseUrl);
        await inspector.SignInAsync("insp1", "Qz7!vLm#2pWx");
        Assert.NotEqual(HttpStatusCode.OK, (await inspector.GetAsync("/admin/access.xlsx")).Status);
        var page = await inspector.GetAsync("/admin/access");
        Assert.True(page.Status == HttpStatusCode.Redirect && page.Response.Headers.Location!.ToString().Contains("/account/denied", StringComparison.Ordinal), $"{(int)page.Status}");

        using var admin = new HttpSession(host.BaseUrl);
        await admin.SignInAsync("chief", "Qz7!vLm#2pWx");
        var export = await admin.GetAsync("/admin/access.xlsx?action=access.login-failed&q=fgw");
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.StartsWith("访问记录", export.Response.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.True(export.Response.Headers.CacheControl?.NoStore, "an export of the access record is never cached");
        using var workbook = new XLWorkbook(await export.Response.Content.ReadAsStreamAsync(Ct));
        Assert.Equal("筛选条件：类型：登录失败；包含：fgw", workbook.Worksheet(1).Cell(2, 1).GetString());
        Assert.Equal("fgw.operator", workbook.Worksheet(1).Cell(4, 4).GetString());
    }
}
