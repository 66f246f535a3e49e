using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Security;

/// <summary>
/// The real web host (every service, Identity, SQLite) on a temp database, prepared but started only when a test
/// needs HTTP. Demo mode off unless asked, so no demo accounts exist.
/// </summary>
public sealed class SecurityHost : IAsyncDisposable
{
    private SecurityHost(string directory, WebApplication app)
    {
        Directory = directory;
        App = app;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "supervision.db");

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public string BaseUrl { get; private set; } = "";

    /// <summary>A Production host on a copy of the template database, not serving until <see cref="StartAsync"/> unless <paramref name="start"/>.</summary>
    /// <param name="appPasswordHashing">Hash with the app's 210,000 rounds instead of <see cref="TestPasswordHashing"/>'s, for a test about the hash itself or its cost.</param>
    public static async Task<SecurityHost> CreateAsync(bool demo = false, bool start = false, bool appPasswordHashing = false, params string[] extra)
    {
        var directory = Path.Combine(Path.GetTempPath(), "supervision-security-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        await TestDatabase.CopySqliteTemplateAsync(Path.Combine(directory, "supervision.db"));
        var app = SupervisionHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--ConnectionStrings:Supervision", $"Data Source={Path.Combine(directory, "supervision.db")}",
            "--Demo:Enabled", demo ? "true" : "false",
            "--Backup:Enabled", "false",
            "--Reporting:AuditKeyFile", Path.Combine(directory, "keys", "audit-signing.key"),
            // The tests sign in far more often than people do; the throttle itself is tested with its own limits.
            "--Security:SignInPerClientPerMinute", "1000",
            "--Security:SignInPerAccountPerMinute", "1000",
            .. extra,
        ], appPasswordHashing ? null : TestPasswordHashing.Apply);
        if (!await SupervisionHost.PrepareAsync(app))
            throw new InvalidOperationException("测试数据库准备失败");
        var host = new SecurityHost(directory, app);
        if (start)
            await host.StartAsync();
        return host;
    }

    /// <summary>Starts serving HTTP (after accounts were created, so no first-run setup stands in the way).</summary>
    public async Task StartAsync()
    {
        await App.StartAsync();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>A host with an administrator and one inspector account, serving HTTP.</summary>
    public static async Task<SecurityHost> WithAccountsAsync(string inspector, string password, params string[] extra)
    {
        var host = await CreateAsync(extra: extra);
        await host.CreateUserAsync("chief.admin", Roles.Admin, password: "Zk4$harbor-Meadow");
        await host.CreateUserAsync(inspector, Roles.Inspector, password: password);
        await host.StartAsync();
        return host;
    }

    /// <summary>Creates an account directly (as an admin would), returning its id.</summary>
    public async Task<string> CreateUserAsync(string userName, string role, int? unitId = null, string password = "Qz7!vLm#2pWx")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = userName, UnitId = unitId };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("；", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user.Id;
    }

    public static Actor AdminActor(string id = "admin-id") => new(id, "管理员甲", new HashSet<string> { Roles.Admin }, null);

    /// <summary>Access events in the audit record, oldest first.</summary>
    public async Task<List<AuditEvent>> AccessEventsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<SupervisionDbContext>>().CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().Where(e => e.EntityType == "AccessEvent").OrderBy(e => e.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (BaseUrl.Length > 0)
            await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
