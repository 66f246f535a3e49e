using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Supervision.Web.Accounts;

/// <summary>Puts the display name and unit into the cookie so each request knows the actor without a query.</summary>
internal sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(SupervisionClaims.DisplayName, user.DisplayName));
        if (user.UnitId is { } unitId)
            identity.AddClaim(new Claim(SupervisionClaims.UnitId, unitId.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
