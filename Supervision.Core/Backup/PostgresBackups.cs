using System.Diagnostics;
using Npgsql;
using Supervision.Core.Domain;

namespace Supervision.Core.Backup;

/// <summary>
/// Backups of a PostgreSQL database with the server's own tools: <c>pg_dump</c> in its custom format (a consistent
/// snapshot taken while the app keeps working), checked by listing it with <c>pg_restore</c>; restored with
/// <c>pg_restore</c> in one transaction. The tools come from the newest <c>/usr/lib/postgresql/*/bin</c> (Debian's
/// postgresql-client) unless <see cref="BackupOptions.PostgresTools"/> names a folder; they must be at least as new as
/// the server. The password travels in the environment, never on a command line.
/// </summary>
internal static class PostgresBackups
{
    /// <summary>Dumps the database of <paramref name="connectionString"/> to <paramref name="path"/>.</summary>
    public static async Task DumpAsync(string connectionString, string path, string? tools, CancellationToken ct) =>
        await RunAsync(Tool(tools, "pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", "--file", path], connectionString, ct);

    /// <summary>Null when <paramref name="path"/> is a readable dump of this product's database, else what is wrong (Chinese).</summary>
    public static async Task<string?> ProblemOfAsync(string path, string? tools, CancellationToken ct)
    {
        if (!File.Exists(path))
            return "文件不存在";
        try
        {
            var listing = await RunAsync(Tool(tools, "pg_restore"), ["--list", path], null, ct);
            return listing.Contains("__EFMigrationsHistory", StringComparison.Ordinal) ? null : "不是督查管理系统的数据库";
        }
        catch (DomainException ex)
        {
            return $"无法作为 PostgreSQL 备份读取（{ex.Message}）";
        }
    }

    /// <summary>
    /// Restores <paramref name="path"/> over the database, refused while any web node is connected to it. The current
    /// database is dumped aside first (returned), and the restore runs as one transaction: it fails whole or not at all.
    /// </summary>
    public static async Task<string> RestoreAsync(string path, string connectionString, string asideFolder, DateTime now, string? tools, CancellationToken ct)
    {
        var problem = await ProblemOfAsync(path, tools, ct);
        if (problem is not null)
            throw new DomainException($"备份文件“{path}”不能用于恢复：{problem}。");
        var nodes = await ConnectedNodesAsync(connectionString, ct);
        if (nodes.Count > 0)
            throw new DomainException($"督查管理系统正在使用该数据库运行（{string.Join("、", nodes)}）。请先停止所有节点，再执行恢复。");

        Directory.CreateDirectory(asideFolder);
        var aside = Path.Combine(asideFolder, $"supervision-before-restore-{now:yyyyMMdd-HHmmss}Z.dump");
        await DumpAsync(connectionString, aside, tools, ct);
        await RunAsync(Tool(tools, "pg_restore"), ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", DatabaseOf(connectionString), path], connectionString, ct);
        return aside;
    }

    /// <summary>The web nodes connected now (they name themselves <c>supervision:NODE…</c>).</summary>
    private static async Task<IReadOnlyList<string>> ConnectedNodesAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT split_part(application_name, ':', 2) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'supervision:%' ORDER BY 1",
            connection);
        var nodes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            nodes.Add(reader.GetString(0));
        return nodes;
    }

    private static string DatabaseOf(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";

    private static string Tool(string? folder, string name)
    {
        if (!string.IsNullOrWhiteSpace(folder))
            return Path.Combine(folder, name);
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Path: System.IO.Path.Combine(d, "bin", name), Version: int.TryParse(System.IO.Path.GetFileName(d), out var v) ? v : 0))
                .Where(t => File.Exists(t.Path))
                .OrderByDescending(t => t.Version)
                .Select(t => t.Path)
                .FirstOrDefault()
            : null;
        return newest ?? name;
    }

    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, string? connectionString, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (connectionString is not null)
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            start.Environment["PGHOST"] = b.Host;
            start.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGDATABASE"] = b.Database;
            if (!string.IsNullOrEmpty(b.Username))
                start.Environment["PGUSER"] = b.Username;
            if (!string.IsNullOrEmpty(b.Password))
                start.Environment["PGPASSWORD"] = b.Password;
            start.Environment["PGAPPNAME"] = "supervision-backup";
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DomainException($"无法启动 {tool}。");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new DomainException($"找不到 {Path.GetFileName(tool)}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）或设置 Backup__PostgresTools（{ex.Message}）。");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
                throw new DomainException($"{Path.GetFileName(tool)} 失败（退出码 {process.ExitCode}）：{(await error).Trim()}");
            return await output;
        }
    }
}
