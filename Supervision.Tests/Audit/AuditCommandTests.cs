using Microsoft.Data.Sqlite;
using Supervision.Tests.Reporting;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Audit;

/// <summary>The command-line verbs of the web app, run as an operator would against a real database file.</summary>
public sealed class AuditCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Verify_verb_exits_0_on_an_intact_record_and_2_naming_the_first_broken_link()
    {
        await using var w = await ReportingWorld.CreateAsync();
        await w.SubmitAsync();
        var folder = Path.Combine(w.Folder, "cli-checkpoints");
        string[] Args(string verb) => [verb, $"--Database:Provider={w.Db.Settings.ProviderName}", $"--ConnectionStrings:Supervision={w.Db.ConnectionString}", $"--Reporting:AuditCheckpointFolder={folder}", $"--Reporting:AuditKeyFile={w.Checkpoints.KeyFile}", "--Reporting:JobsEnabled=false"];

        var (intact, intactText) = await RunAsync(Args("verify-audit"));
        var (checkpointed, _) = await RunAsync(Args("checkpoint-audit"));

        Assert.Equal(0, intact);
        Assert.Contains("审计记录完整", intactText);
        Assert.Equal(0, checkpointed);
        Assert.Single(Directory.GetFiles(folder, "checkpoint-*.json"));

        await Tampering.WithoutTriggerAsync(w.Db, Tampering.NoUpdate, """UPDATE "AuditEvents" SET "Summary" = '篡改' WHERE "Sequence" = 2""");
        SqliteConnection.ClearAllPools();
        var (broken, brokenText) = await RunAsync(Args("verify-audit"));

        Assert.Equal(2, broken);
        Assert.Contains("审计记录已被篡改：第2条", brokenText);
        Assert.Contains(folder, brokenText);
        Assert.Null(await ReportingCommands.TryRunAsync(["serve"]));
    }

    private static readonly SemaphoreSlim _console = new(1, 1);

    private static async Task<(int? Code, string Output)> RunAsync(string[] args)
    {
        // The verbs print to the console; it is process-wide, so one capture at a time.
        await _console.WaitAsync(Ct);
        var original = Console.Out;
        var writer = new StringWriter();
        try
        {
            Console.SetOut(writer);
            var code = await ReportingCommands.TryRunAsync(args);
            return (code, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
            _console.Release();
        }
    }
}
