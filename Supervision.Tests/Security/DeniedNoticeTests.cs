using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Components.Security;

namespace Supervision.Tests.Security;

/// <summary>The 无权访问 notice inside an open page: the router keeps one notice while the person moves between refused pages.</summary>
public sealed class DeniedNoticeTests : BunitContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_refused_address_inside_an_open_page_is_recorded_once_with_its_own_address()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        Services.AddSingleton<IDbContextFactory<SupervisionDbContext>>(database);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<AccessAudit>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1"), new Claim(ClaimTypes.Name, "fgw.operator"), new Claim(ClaimTypes.Role, Roles.UnitOperator)], "test"));
        var navigation = Services.GetRequiredService<NavigationManager>();

        navigation.NavigateTo("/tasks/import");
        var cut = Render<DeniedNotice>(p => p.Add(x => x.User, user).Add(x => x.Record, true));
        // The router re-renders the same notice: once for the same address, then for two other addresses.
        cut.Render(p => p.Add(x => x.User, user).Add(x => x.Record, true));
        navigation.NavigateTo("/admin/users");
        cut.Render(p => p.Add(x => x.User, user).Add(x => x.Record, true));
        Assert.Contains("请求的地址：/admin/users", cut.Find(".denied-target").TextContent, StringComparison.Ordinal);
        navigation.NavigateTo("/tasks/import");
        cut.Render(p => p.Add(x => x.User, user).Add(x => x.Record, true));
        Assert.Contains("请求的地址：/tasks/import", cut.Find(".denied-target").TextContent, StringComparison.Ordinal);

        await using var db = database.CreateDbContext();
        var recorded = await db.AuditEvents.Where(e => e.EntityType == nameof(AccessEvent) && e.Action == AccessActions.Denied)
            .OrderBy(e => e.Sequence).Select(e => e.Summary).ToListAsync(Ct);
        Assert.Equal(3, recorded.Count);
        Assert.EndsWith("打开页面 /tasks/import 被拒绝", recorded[0], StringComparison.Ordinal);
        Assert.EndsWith("打开页面 /admin/users 被拒绝", recorded[1], StringComparison.Ordinal);
        Assert.EndsWith("打开页面 /tasks/import 被拒绝", recorded[2], StringComparison.Ordinal);
    }
}
