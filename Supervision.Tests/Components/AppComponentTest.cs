using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;
using Supervision.Web.Components.Layout;

namespace Supervision.Tests.Components;

/// <summary>
/// A bUnit context set up as the app is: MudBlazor with the Chinese localizer, the zh-CN culture, and a signed-in
/// <see cref="Actor"/> behind <see cref="CurrentActor"/>.
/// </summary>
public abstract class AppComponentTest : BunitContext
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected AppComponentTest()
    {
        // The app runs in zh-CN (SupervisionHost); MudBlazor uses its English texts for an English UI culture.
        CultureInfo.CurrentCulture = Chinese;
        CultureInfo.CurrentUICulture = Chinese;
        Services.AddMudServices();
        Services.AddTransient<MudLocalizer, ChineseMudLocalizer>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Makes <paramref name="actor"/> the signed-in person, as the claims factory would describe them.</summary>
    protected void SignInAs(Actor actor)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.UserId),
            new(ClaimTypes.Name, actor.UserId),
            new(SupervisionClaims.DisplayName, actor.Name),
        };
        claims.AddRange(Roles.All.Where(actor.IsIn).Select(r => new Claim(ClaimTypes.Role, r)));
        if (actor.UnitId is { } unit)
            claims.Add(new Claim(SupervisionClaims.UnitId, unit.ToString(CultureInfo.InvariantCulture)));
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(new ClaimsPrincipal(new ClaimsIdentity(claims, "test"))));
        Services.AddSingleton<CurrentActor>();
    }

    protected override void Dispose(bool disposing)
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        base.Dispose(disposing);
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
