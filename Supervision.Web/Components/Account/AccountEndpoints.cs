using Microsoft.AspNetCore.Identity;
using Supervision.Web.Accounts;

namespace Supervision.Web.Components.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A POST with the antiforgery token, so no other site can sign a user out by linking here.
        endpoints.MapPost("/account/logout", async (HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            // Minimal APIs validate the token only for endpoints that bind a form; this one binds nothing, so it checks itself.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login?loggedOut=1");
        });
        return endpoints;
    }
}
