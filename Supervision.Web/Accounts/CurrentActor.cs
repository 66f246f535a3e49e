using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Supervision.Core.Domain;

namespace Supervision.Web.Accounts;

/// <summary>Turns the signed-in principal into the <see cref="Actor"/> that services authorize against.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return FromPrincipal(state.User);
    }

    public static Actor FromPrincipal(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
            return new Actor("", "匿名", new HashSet<string>(), null);
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        var unit = user.FindFirst(SupervisionClaims.UnitId)?.Value;
        return new Actor(
            user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "",
            user.FindFirst(SupervisionClaims.DisplayName)?.Value ?? user.Identity.Name ?? "",
            roles,
            unit is null ? null : int.Parse(unit, CultureInfo.InvariantCulture));
    }
}
