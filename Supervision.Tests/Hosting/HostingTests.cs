using System.Diagnostics;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Core.Domain;
using Supervision.Core.Security;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Hosting;

/// <summary>
/// The app as people start it: the host in Development (what <c>dotnet run</c> picks from launchSettings.json) and in
/// Production, and every command-line verb README documents as the built dll, <c>backup</c> and <c>restore</c> also
/// with <c>dotnet run</c>, against a temp database.
/// </summary>
public sealed class HostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task The_host_builds_starts_and_answers_in_each_environment(string environment)
    {
        var folder = TempFolder();
        try
        {
            // Scopes and build-time resolution are validated in every environment: a captive dependency stops Build here.
            await using var app = SupervisionHost.Build(
            [
                "--environment", environment,
                "--urls", "http://127.0.0.1:0",
                .. Config(folder),
                "--Demo:Enabled", "false",
            ]);
            Assert.Equal(environment, app.Environment.EnvironmentName);
            Assert.NotEmpty(app.Services.GetServices<IHostedService>());
            Assert.True(await SupervisionHost.PrepareAsync(app, Ct));
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login", Ct)).StatusCode);
            await app.StopAsync(Ct);
        }
        finally
        {
            Delete(folder);
        }
    }

    [Fact]
    public async Task Every_documented_verb_runs_with_the_built_dll_and_backup_and_restore_with_dotnet_run()
    {
        var web = Path.Combine(RepositoryRoot(), "Supervision.Web");
        var configuration = typeof(HostingTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var output = Path.Combine(web, "bin", configuration, "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Supervision.Web.dll")), $"{output} 中没有 Supervision.Web.dll（先构建解决方案）");

        // `dotnet run --project Supervision.Web` starts in Development through launchSettings.json; the dll in Production.
        // Every verb runs as the built dll. `dotnet run` costs an MSBuild evaluation besides the app's start for each verb
        // (with all four verbs this was the slowest test of the suite), so it runs the two verbs README's restore steps
        // give in that form, `backup` and `restore`: its arguments reach the same verb code as the dll's.
        await Task.WhenAll(
            RunVerbsAsync(RepositoryRoot(), ["run", "--project", "Supervision.Web", "-c", configuration, "--no-build", "--"], everyVerb: false),
            RunVerbsAsync(output, [Path.Combine(output, "Supervision.Web.dll")], everyVerb: true));
    }

    private static async Task RunVerbsAsync(string workingDirectory, string[] command, bool everyVerb)
    {
        // A database with a record to back up, verify and checkpoint; the verbs' files go beside it.
        await using var database = await SqliteTestDatabase.CreateAsync();
        var folder = Path.GetDirectoryName(database.Path)!;
        await new AccessAudit(database, TimeProvider.System).RecordAsync(AccessActions.BackupCreated, "admin", "命令行测试", Actor.System, Ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        string[] config = [.. Config(folder), "--Backup:Folder", Path.Combine(folder, "backups")];

        var backup = await RunAsync(workingDirectory, [.. command, "backup", .. config]);
        Assert.True(backup.Exit == 0, backup.Output);
        Assert.Contains("已备份到", backup.Output);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(folder, "backups"), "supervision-*.db"));

        if (everyVerb)
        {
            var checkpoint = await RunAsync(workingDirectory, [.. command, "checkpoint-audit", .. config]);
            Assert.True(checkpoint.Exit == 0, checkpoint.Output);
            Assert.Contains("已写入检查点", checkpoint.Output);
        }

        var restore = await RunAsync(workingDirectory, [.. command, "restore", file, .. config]);
        Assert.True(restore.Exit == 0, restore.Output);
        Assert.Contains("记下了这次恢复", restore.Output);

        if (everyVerb)
        {
            var verify = await RunAsync(workingDirectory, [.. command, "verify-audit", .. config]);
            Assert.True(verify.Exit == 0, verify.Output);
            Assert.Contains("审计记录完整", verify.Output);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The environment comes from the form of the command alone, as on an operator's machine.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, $"dotnet {string.Join(' ', arguments)}\n{await stdout}\n{await stderr}");
    }

    private static string[] Config(string folder) =>
    [
        "--ConnectionStrings:Supervision", $"Data Source={Path.Combine(folder, "supervision.db")}",
        "--Reporting:AuditCheckpointFolder", Path.Combine(folder, "audit-checkpoints"),
        "--Reporting:AuditKeyFile", Path.Combine(folder, "keys", "audit-signing.key"),
        "--Reporting:JobsEnabled", "false",
        "--Backup:Enabled", "false",
    ];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Supervision.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("找不到 Supervision.sln");
    }

    private static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "supervision-hosting-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void Delete(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
