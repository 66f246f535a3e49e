using Microsoft.Data.Sqlite;
using Supervision.Core.Domain;
using Supervision.Tests.Reporting;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Audit;

/// <summary>
/// A record with some history, stopped as the app stops: a March report submitted at 40% and accepted, a phone spot
/// check that confirmed it, an extension requested, endorsed and approved, a leader's 批示, checkpoints on the way and
/// the shutdown checkpoint at the end. Tamper cases edit it from there, as someone with sqlite3 would.
/// </summary>
internal sealed class TamperWorld : IAsyncDisposable
{
    private TamperWorld(ReportingWorld world) => W = world;

    public ReportingWorld W { get; }

    public int ReportId { get; private set; }

    public string ConnectionString => W.Db.ConnectionString;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<TamperWorld> CreateAsync()
    {
        var world = new TamperWorld(await ReportingWorld.CreateAsync());
        await world.LiveAsync();
        return world;
    }

    private async Task LiveAsync()
    {
        var w = W;
        Assert.Empty((await w.Audit.StartAsync(Ct)).Problems);
        var (id, version) = await w.SubmitAsync(40);
        ReportId = id;
        await w.Chain.AcceptAsync(w.Inspector, id, version, "情况属实", Ct);
        w.Clock.Advance(TimeSpan.FromMinutes(5));
        await w.SpotChecks.RecordSpotCheckAsync(w.Inspector, id, 1, SpotCheckMethod.Phone, SpotCheckResult.Confirmed, new DateOnly(2026, 4, 2), "电话核实，情况属实。", null, ct: Ct);
        await Checkpoint(Core.Audit.CheckpointKind.Periodic);

        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var request = await w.Extensions.RequestExtensionAsync(w.Operator, w.TaskId, new DateOnly(2027, 3, 31), "征地手续延后。", Ct);
        await w.Extensions.EndorseExtensionAsync(w.Principal, request, 1, "同意", Ct);
        await w.Extensions.ApproveExtensionAsync(w.Inspector, request, 2, "同意延期", Ct);
        await w.Remarks.GiveRemarkAsync(ReportingWorld.CityLeader, w.TaskId, "加快推进，确保年底前完成。", requiresResponse: true, Ct);
        await Checkpoint(Core.Audit.CheckpointKind.Events);

        w.Clock.Advance(TimeSpan.FromMinutes(5));
        var (_, refused) = await w.Audit.ShutdownAsync(Ct);
        Assert.Null(refused);
        var verification = await w.Audit.VerifyAsync(Ct);
        Assert.True(verification.Intact, verification.Describe());
        SqliteConnection.ClearAllPools();
    }

    private async Task Checkpoint(Core.Audit.CheckpointKind kind)
    {
        W.Clock.Advance(TimeSpan.FromSeconds(1));
        var (written, refused) = await W.Audit.CheckpointTailAsync(kind, Ct);
        Assert.Null(refused);
        Assert.NotNull(written);
    }

    /// <summary>The app starting again on the edited database (what it checks and records before anything else).</summary>
    public async Task<IReadOnlyList<string>> RestartAsync()
    {
        W.Clock.Advance(TimeSpan.FromMinutes(5));
        return (await W.Audit.StartAsync(Ct)).Problems;
    }

    public Task SqlAsync(string sql) => Tamper.SqlAsync(ConnectionString, sql);

    /// <summary>Runs <c>verify-audit</c> against this world's database, checkpoint folder and key, as the operator would.</summary>
    public async Task<(int? Code, string Output)> VerifyVerbAsync()
    {
        var output = new StringWriter();
        var code = await ReportingCommands.TryRunAsync(
            [
                "verify-audit",
                $"--ConnectionStrings:Supervision={ConnectionString}",
                $"--Reporting:AuditCheckpointFolder={W.Checkpoints.Folder}",
                $"--Reporting:AuditKeyFile={W.Checkpoints.KeyFile}",
                "--Reporting:JobsEnabled=false",
                "--Backup:Enabled=false",
                "--Demo:Enabled=false",
                "--Logging:LogLevel:Default=Warning",
            ],
            output,
            output);
        SqliteConnection.ClearAllPools();
        return (code, output.ToString());
    }

    public ValueTask DisposeAsync() => W.DisposeAsync();
}
