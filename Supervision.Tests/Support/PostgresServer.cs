using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Supervision.Core.Data;

[assembly: AssemblyFixture(typeof(Supervision.Tests.PostgresServerLifetime))]

namespace Supervision.Tests;

/// <summary>
/// One throwaway PostgreSQL server for the whole test run, started on first use: initdb into a temp folder (as user
/// <c>postgres</c> through runuser when the tests run as root, since PostgreSQL refuses root), listening on a free port
/// on 127.0.0.1 only, durability switched off for speed. A template database is migrated once; every test then gets
/// its own database copied from it, which takes a few milliseconds. The server is stopped at the end of the run — and by
/// a watchdog if the test process dies first, so nothing outlives it.
/// </summary>
public sealed class PostgresServer
{
    private const string Template = "supervision_template";
    private static readonly SemaphoreSlim _gate = new(1, 1);
    private static PostgresServer? _instance;

    private readonly string _directory;
    private readonly string _binaries;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The server, started on first call.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        if (Volatile.Read(ref _instance) is { } started)
            return started;
        await _gate.WaitAsync();
        try
        {
            return _instance ??= await StartAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Each test database has its own pool; keep them small so hundreds of tests stay far from max_connections.
        MaxPoolSize = 20,
        Timeout = 30,
        CommandTimeout = 60,
    }.ToString();

    /// <summary>A new database: a copy of the migrated template, or an empty one.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(migrated ? $"CREATE DATABASE \"{name}\" TEMPLATE {Template}" : $"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>Drops a test database, closing whatever connections are still open on it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Runs one statement in the maintenance database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task StopIfStartedAsync()
    {
        if (Volatile.Read(ref _instance) is not { } server)
            return;
        NpgsqlConnection.ClearAllPools();
        await RunAsync(server.AsOwner(Path.Combine(server._binaries, "pg_ctl"), "stop", "-D", server.DataDirectory, "-m", "immediate", "-w"), check: false);
        try
        {
            Directory.Delete(server._directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    private static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), "supervision-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(directory, binaries, FreePort());
        if (IsRoot)
            await RunAsync(["chown", "postgres", directory]);
        await RunAsync(server.AsOwner(Path.Combine(binaries, "initdb"), "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        var options = $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=128MB";
        await RunAsync(server.AsOwner(Path.Combine(binaries, "pg_ctl"), "start", "-D", server.DataDirectory, "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"), "-o", options));
        server.StartWatchdog();

        await server.ExecuteAsync($"CREATE DATABASE {Template}");
        var template = new DatabaseSettings(DatabaseProvider.Postgres, server.ConnectionString(Template));
        await TestDatabase.MigrateAsync(template);
        // CREATE DATABASE … TEMPLATE needs the template without connections.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(template.ConnectionString));
        return server;
    }

    /// <summary>Stops the server and removes its folder if this process dies without doing so (killed test host).</summary>
    private void StartWatchdog()
    {
        var stop = string.Join(' ', AsOwner(Path.Combine(_binaries, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "immediate").Select(a => $"'{a}'"));
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{_directory}'";
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
    }

    private string[] AsOwner(params string[] command) =>
        IsRoot ? ["runuser", "-u", "postgres", "--", .. command] : command;

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). ./test.sh installs it: apt-get install postgresql.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string[] command, bool check = true)
    {
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}: {await error}{await output}");
    }
}

/// <summary>Stops the test run's PostgreSQL server, if a test started it.</summary>
public sealed class PostgresServerLifetime : IAsyncDisposable
{
    public ValueTask DisposeAsync() => new(PostgresServer.StopIfStartedAsync());
}
