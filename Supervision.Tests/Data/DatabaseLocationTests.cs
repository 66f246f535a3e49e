using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Supervision.Core.Data;
using Supervision.Web.Hosting;

namespace Supervision.Tests.Data;

/// <summary>Where the real host keeps its database, and what it does with a file it cannot use.</summary>
public sealed class DatabaseLocationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Without_a_connection_string_the_database_is_App_Data_supervision_db_under_the_content_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "supervision-root-" + Guid.NewGuid().ToString("N"));
        var environment = new HostingEnvironment { ContentRootPath = root };

        var connectionString = SupervisionHost.ConnectionString(Config(), environment);

        Assert.Equal(Path.Combine(root, "App_Data", "supervision.db"), Sqlite.FilePathOf(connectionString));
    }

    [Fact]
    public void ConnectionStrings_Supervision_overrides_the_location()
    {
        var environment = new HostingEnvironment { ContentRootPath = Path.GetTempPath() };
        var target = Path.Combine(Path.GetTempPath(), "elsewhere", "督查.db");

        var connectionString = SupervisionHost.ConnectionString(Config(("ConnectionStrings:Supervision", $"Data Source={target}")), environment);

        Assert.Equal(target, Sqlite.FilePathOf(connectionString));
    }

    [Fact]
    public async Task The_host_refuses_to_start_on_a_corrupt_file_and_leaves_it_as_it_was()
    {
        var directory = Path.Combine(Path.GetTempPath(), "supervision-corrupt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "supervision.db");
        var garbage = Enumerable.Range(0, 20_000).Select(i => (byte)(i * 13 % 251)).ToArray();
        await File.WriteAllBytesAsync(path, garbage, TestContext.Current.CancellationToken);
        try
        {
            await using var app = SupervisionHost.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--environment", "Production",
                "--ConnectionStrings:Supervision", $"Data Source={path}",
                "--Backup:Enabled", "false",
            ]);

            Assert.False(await SupervisionHost.PrepareAsync(app, TestContext.Current.CancellationToken));
            Assert.Equal(garbage, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal(["supervision.db"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
