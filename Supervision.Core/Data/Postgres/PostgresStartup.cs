using Npgsql;

namespace Supervision.Core.Data.Postgres;

/// <summary>Start-up on PostgreSQL: reaching the server with a clear message, the start-up lock, the search locale check.</summary>
internal static class PostgresStartup
{
    /// <summary>Opens a connection or explains in Chinese why the server cannot be used (never showing the password).</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(string connectionString, CancellationToken ct, bool dedicated = false)
    {
        var where = Postgres.Describe(connectionString);
        try
        {
            return await Postgres.OpenAsync(connectionString, ct, dedicated);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new DatabaseStartupException($"无法登录 PostgreSQL 数据库 {where}：用户名或密码不正确。请检查 ConnectionStrings__Supervision。", ex);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new DatabaseStartupException($"PostgreSQL 数据库 {where} 不存在。请先创建该数据库（并让应用的账户拥有它），再启动。", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new DatabaseStartupException($"无法连接 PostgreSQL 数据库 {where}：{ex.Message}。请确认数据库服务器已启动并可从本机访问。", ex);
        }
    }

    /// <summary>Takes the start-up lock on its own connection; disposing releases it (and closes the connection).</summary>
    public static async Task<IAsyncDisposable> LockAsync(string connectionString, CancellationToken ct)
    {
        var connection = await ConnectAsync(connectionString, ct, dedicated: true);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_lock({PostgresLocks.ClassId}, {PostgresLocks.Startup})";
            // As long as another node needs to migrate and seed: no timeout.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new DatabaseStartupException($"等待其他节点完成数据库升级时与 PostgreSQL 数据库 {Postgres.Describe(connectionString)} 的连接中断：{ex.Message}", ex);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Null when pg_trgm can index Chinese in this database; otherwise what to do. Trigrams are taken only from
    /// characters the database's LC_CTYPE counts as letters: under the plain C locale Chinese text yields none, and
    /// searches, though still right, scan every row.
    /// </summary>
    public static async Task<string?> SearchLocaleProblemAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = await Postgres.OpenAsync(connectionString, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cardinality(show_trgm('督查事项')), current_setting('lc_ctype')";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt32(0) > 0
            ? null
            : $"数据库的 LC_CTYPE 为 {reader.GetString(1)}，pg_trgm 无法为中文建立三元组索引：检索结果仍然正确，但会逐行扫描。请用 UTF-8 区域（如 C.UTF-8 或 zh_CN.UTF-8）创建数据库。";
    }
}
