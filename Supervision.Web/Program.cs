using Supervision.Core.Data;
using Supervision.Web.Hosting;

if (await BackupCommands.TryRunAsync(args) is { } exitCode)
    return exitCode;
if (await ReportingCommands.TryRunAsync(args) is { } auditExitCode)
    return auditExitCode;
WebApplication app;
try
{
    app = SupervisionHost.Build(args);
}
catch (DatabaseStartupException ex)
{
    // A wrong Database__Provider or connection string: say so plainly, not with a stack trace.
    await Console.Error.WriteLineAsync($"无法启动：{ex.Message}");
    return 1;
}

if (!await SupervisionHost.PrepareAsync(app))
    return 1;
await app.RunAsync();
return 0;
