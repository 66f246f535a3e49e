using Supervision.Web.Hosting;

var app = SupervisionHost.Build(args);
if (!await SupervisionHost.PrepareAsync(app))
    return 1;
await app.RunAsync();
return 0;
