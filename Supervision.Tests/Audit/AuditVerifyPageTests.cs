using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;
using Supervision.Web.Accounts;
using Supervision.Web.Components.Pages;

namespace Supervision.Tests.Audit;

/// <summary>The office's 审计记录核验 page on a real database: what it says when the record holds and when it was tampered with.</summary>
public sealed class AuditVerifyPageTests : BunitContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public AuditVerifyPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [DatabaseFact]
    public async Task Page_names_the_first_broken_link_of_a_tampered_record()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        await w.Audit.CheckpointAsync(Ct);
        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, """UPDATE "AuditEvents" SET "Summary" = '篡改' WHERE "Sequence" = 4""");

        var cut = RenderAs(w, Roles.Inspector);

        cut.WaitForAssertion(() => Assert.StartsWith("审计记录已被篡改：第4条", cut.Find("[data-testid=audit-message]").TextContent));
        Assert.Contains("audit-broken", cut.Find("[data-testid=audit-result]").ClassList);
        Assert.Contains("✖ 记录已被篡改", cut.Find(".audit-verdict").TextContent);
        var facts = cut.Find(".audit-facts").TextContent;
        Assert.Contains("第一处断开", facts);
        Assert.Contains("内容与其哈希不符", facts);
        Assert.Single(cut.FindAll("[data-testid=checkpoints] tbody tr"));
    }

    [DatabaseFact]
    public async Task Page_confirms_an_intact_record()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();

        var cut = RenderAs(w, Roles.Admin);

        cut.WaitForAssertion(() => Assert.StartsWith("审计记录完整", cut.Find("[data-testid=audit-message]").TextContent));
        Assert.Contains("audit-ok", cut.Find("[data-testid=audit-result]").ClassList);
    }

    [DatabaseFact]
    public async Task The_service_refuses_a_unit_account_that_reaches_the_page()
    {
        await using var w = await ReportingWorld.CreateAsync();

        var cut = RenderAs(w, Roles.UnitPrincipal, w.Lead);

        cut.WaitForAssertion(() => Assert.Equal("只有督查室可以核验审计记录。", cut.Find("[data-testid=audit-denied]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=audit-result]"));
        Assert.Empty(cut.FindAll("[data-testid=btn-verify]"));
    }

    private IRenderedComponent<AuditVerify> RenderAs(ReportingWorld w, string role, int? unitId = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "u-" + role), new(ClaimTypes.Name, role), new(ClaimTypes.Role, role) };
        if (unitId is { } u)
            claims.Add(new Claim(SupervisionClaims.UnitId, u.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))));
        Services.AddSingleton<CurrentActor>();
        Services.AddSingleton(w.Audit);
        return Render<AuditVerify>();
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
