using Supervision.Web.Hosting;

if (await BackupCommands.TryRunAsync(args) is { } exitCode)
    return exitCode;
if (await ReportingCommands.TryRunAsync(args) is { } auditExitCode)
    return auditExitCode;
var app = SupervisionHost.Build(args);
if (!await SupervisionHost.PrepareAsync(app))
    return 1;
await app.RunAsync();
return 0;
