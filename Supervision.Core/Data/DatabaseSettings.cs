using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Supervision.Core.Data.Postgres;

namespace Supervision.Core.Data;

/// <summary>The database server the product runs on (configuration <c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one SQLite file next to the app, one server.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by one or more web nodes.</summary>
    Postgres,
}

/// <summary>
/// Which database and where: <c>Database:Provider</c> (<c>sqlite</c>, the default, or <c>postgres</c>) and
/// <c>ConnectionStrings:Supervision</c>. Everything that opens the database asks this one place, so the provider's
/// context type (and with it its model and migration set) is chosen once.
/// </summary>
/// <param name="Provider">The database server.</param>
/// <param name="ConnectionString">Its connection string (ADO.NET form of the provider).</param>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>True for PostgreSQL.</summary>
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The provider as configuration spells it and <c>/healthz</c> reports it: <c>sqlite</c> or <c>postgres</c>.</summary>
    public string ProviderName => NameOf(Provider);

    /// <summary>The configuration spelling of <paramref name="provider"/>.</summary>
    public static string NameOf(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    /// <summary>Reads <c>Database:Provider</c>; empty means SQLite. Anything else is refused in Chinese.</summary>
    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new DatabaseStartupException($"不支持的数据库类型“{value}”：Database__Provider 只能是 sqlite（默认）或 postgres。"),
    };

    /// <summary>The database a context is connected to.</summary>
    public static DatabaseSettings Of(DbContext db) => new(
        db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
        db.Database.GetConnectionString() ?? throw new InvalidOperationException("The context has no connection string."));

    /// <summary>Points <paramref name="builder"/> at this database with the product's settings for the provider.</summary>
    public DbContextOptionsBuilder Apply(DbContextOptionsBuilder builder) =>
        IsPostgres ? builder.UseSupervisionPostgres(ConnectionString) : builder.UseSupervisionSqlite(ConnectionString);

    /// <summary>
    /// A context of the provider's type (<see cref="SupervisionDbContext"/> or <see cref="PostgresSupervisionDbContext"/>)
    /// for one operation, outside dependency injection (command-line verbs, tests, benchmarks).
    /// </summary>
    /// <remarks>
    /// The interceptors go in first on purpose. EF Core keeps one internal service provider (and with it one model and
    /// one cache of compiled queries) per distinct list of options extensions, and the list's order counts: dependency
    /// injection's factory starts with the core extension, so a context made here does too and shares the model and the
    /// compiled queries of the app's own contexts instead of building and compiling them a second time.
    /// </remarks>
    public SupervisionDbContext CreateContext(params IInterceptor[] interceptors)
    {
        if (IsPostgres)
        {
            var postgres = new DbContextOptionsBuilder<PostgresSupervisionDbContext>().AddInterceptors(interceptors);
            Apply(postgres);
            return new PostgresSupervisionDbContext(postgres.Options);
        }

        var sqlite = new DbContextOptionsBuilder<SupervisionDbContext>().AddInterceptors(interceptors);
        Apply(sqlite);
        return new SupervisionDbContext(sqlite.Options);
    }
}

/// <summary>What a database error means to the product, whichever provider raised it.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// True when a save failed on a unique index (SQLite: a constraint error; PostgreSQL: <c>23505 unique_violation</c>):
    /// someone else stored the same thing a moment ago.
    /// </summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception is not DbUpdateConcurrencyException
        && exception.InnerException switch
        {
            Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } => true,
            Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } => true,
            _ => false,
        };
}
