using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Supervision.Tests;

/// <summary>
/// A throwaway PostgreSQL server in a temp folder (shared by the tests and the benchmarks): initdb as user
/// <c>postgres</c> through runuser when running as root (PostgreSQL refuses root), as the current user otherwise;
/// listening on a free port on 127.0.0.1 only; trust authentication for the superuser <c>postgres</c>. A watchdog stops
/// it and removes its folder if this process dies without doing so.
/// </summary>
public sealed class TemporaryPostgres : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _binaries;
    private int _stopped;

    private TemporaryPostgres(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// Starts a server. <paramref name="durable"/> keeps PostgreSQL's defaults (fsync, synchronous commit) as in
    /// production — for benchmarks; tests switch durability off, which makes every write much cheaper.
    /// </summary>
    public static async Task<TemporaryPostgres> StartAsync(bool durable)
    {
        var binaries = FindBinaries();
        var directory = Path.Combine(Path.GetTempPath(), "supervision-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new TemporaryPostgres(directory, binaries, FreePort());
        if (IsRoot)
            await RunAsync(["chown", "postgres", directory]);
        // C.UTF-8: pg_trgm takes trigrams from Chinese text only under a UTF-8 LC_CTYPE.
        await RunAsync(server.AsOwner(Path.Combine(binaries, "initdb"), "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        var options = $"-p {server.Port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB"
            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await RunAsync(server.AsOwner(Path.Combine(binaries, "pg_ctl"), "start", "-D", server.DataDirectory, "-w", "-t", "60", "-l", Path.Combine(directory, "server.log"), "-o", options));
        server.StartWatchdog();
        return server;
    }

    /// <summary>A connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Each database has its own pool; keep them small so hundreds of test databases stay far from max_connections.
        MaxPoolSize = 20,
        Timeout = 30,
        CommandTimeout = 120,
    }.ToString();

    /// <summary>Runs one statement in the maintenance database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        NpgsqlConnection.ClearAllPools();
        await RunAsync(AsOwner(Path.Combine(_binaries, "pg_ctl"), "stop", "-D", DataDirectory, "-m", "immediate", "-w"), check: false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

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

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
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
