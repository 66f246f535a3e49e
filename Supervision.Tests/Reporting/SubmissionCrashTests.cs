using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;

namespace Supervision.Tests.Reporting;

/// <summary>The 主要领导's submission dying half-way through its write, through the real service.</summary>
public sealed class SubmissionCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseTheory]
    [InlineData("UPDATE \"ReportRevisions\"")]
    [InlineData("INSERT INTO \"ReportSteps\"")]
    [InlineData("INSERT INTO \"Notifications\"")]
    [InlineData("INSERT INTO \"AuditEvents\"")]
    public async Task A_crash_during_submission_leaves_report_chain_and_record_as_before(string dyingAt)
    {
        await using var w = await ReportingWorld.CreateAsync();
        var id = await w.Chain.OpenAsync(w.Operator, w.TaskId, ReportingWorld.March, ReportingWorld.Content(30), Ct);
        var version = await w.Chain.SendForReviewAsync(w.Operator, id, (await w.Reports.GetByIdAsync(w.Operator, id, Ct)).Version, Ct);
        version = await w.Chain.ApproveAsync(w.Supervisor, id, version, null, Ct);
        var before = await SnapshotAsync(w, id);
        var toldOffice = 0;
        using var office = w.Center.Subscribe(Audience.Office, () => { Interlocked.Increment(ref toldOffice); return Task.CompletedTask; });
        var crashing = new ReportChainService(new CrashingFactory(w.Db, dyingAt), w.Clock);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => crashing.ApproveAsync(w.Principal, id, version, "同意报送", Ct));

        Assert.Contains(Causes(crash), e => e is IOException { Message: "磁盘已断开" });

        Assert.Equal(before, await SnapshotAsync(w, id));
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
        // The notification the office would have got was rolled back with the rest: nobody is told of it.
        Assert.Equal(0, Volatile.Read(ref toldOffice));

        // Nothing half-done stands in the way: the same click, on a healthy connection, submits once.
        await w.Chain.ApproveAsync(w.Principal, id, version, "同意报送", Ct);
        Assert.Equal(1, Volatile.Read(ref toldOffice));
        var view = await w.Reports.GetByIdAsync(w.Inspector, id, Ct);
        Assert.Equal(RevisionState.Submitted, view.Current!.State);
        Assert.Single(view.Current.Steps, s => s.Action == ReportStepAction.ApprovedByPrincipal);
        Assert.NotNull(view.FirstSubmittedAt);
        Assert.True((await w.Audit.VerifyAsync(Ct)).Intact);
    }

    private static IEnumerable<Exception> Causes(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return e;
    }

    private static async Task<string> SnapshotAsync(ReportingWorld w, int id)
    {
        await using var db = w.Db.CreateDbContext();
        var report = await db.Reports.AsNoTracking().Include(r => r.Revisions).ThenInclude(v => v.Steps).SingleAsync(r => r.Id == id, Ct);
        var steps = string.Join(",", report.Revisions.SelectMany(v => v.Steps).Select(s => s.Action));
        var notes = await db.Set<Notification>().CountAsync(Ct);
        var events = await db.AuditEvents.CountAsync(Ct);
        var head = await db.AuditEvents.OrderByDescending(e => e.Sequence).Select(e => e.Hash).FirstAsync(Ct);
        return $"{report.Version}|{report.Current.State}|{report.FirstSubmittedAt}|{report.Current.SubmittedAt}|{steps}|{notes}|{events}|{head}";
    }

    /// <summary>Contexts on the same database whose write dies at the first command starting with <c>dyingAt</c>.</summary>
    private sealed class CrashingFactory(TestDatabase db, string dyingAt) : IDbContextFactory<SupervisionDbContext>
    {
        public SupervisionDbContext CreateDbContext() => db.CreateDbContext(new Die(dyingAt));
    }

    private sealed class Die(string dyingAt) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            Check(command) ? throw new IOException("磁盘已断开") : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Check(command) ? throw new IOException("磁盘已断开") : base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);

        private bool Check(DbCommand command) => command.CommandText.Contains(dyingAt, StringComparison.Ordinal);
    }
}
