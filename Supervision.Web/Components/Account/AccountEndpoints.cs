using Microsoft.AspNetCore.Identity;
using Supervision.Web.Accounts;

namespace Supervision.Web.Components.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A POST with the antiforgery token, so no other site can sign a user out by linking here.
        endpoints.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login?loggedOut=1");
        });
        return endpoints;
    }
}
