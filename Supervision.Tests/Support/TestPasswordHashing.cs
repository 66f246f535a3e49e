using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Tests;

/// <summary>
/// The test hosts hash passwords with the app's algorithm (PBKDF2-HMAC-SHA512, Identity v3 format) but far fewer rounds.
/// At the app's 210,000 rounds one hash costs about 0.15 CPU-seconds, and the suite creates and signs in accounts a few
/// hundred times: a fifth of the security tests' CPU went into it. A hash records its own round count, so accounts
/// made here verify as any other. <c>PasswordPolicyTests</c> checks the app's own setting on a host that keeps it.
/// </summary>
public static class TestPasswordHashing
{
    public const int Iterations = 1_000;

    /// <summary>Pass to <c>SupervisionHost.Build</c>: runs after the app's own registration of the hasher's options.</summary>
    public static void Apply(WebApplicationBuilder builder) =>
        builder.Services.PostConfigure<PasswordHasherOptions>(o => o.IterationCount = Iterations);
}
