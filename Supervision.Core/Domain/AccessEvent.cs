namespace Supervision.Core.Domain;

/// <summary>The kinds of access event the product records, as stable action codes.</summary>
public static class AccessActions
{
    public const string LoginSucceeded = "access.login";
    public const string LoginFailed = "access.login-failed";
    public const string LockedOut = "access.locked-out";
    public const string DisabledLogin = "access.login-disabled";
    public const string Denied = "access.denied";
    public const string Logout = "access.logout";
    public const string Throttled = "access.throttled";
    public const string SessionsEnded = "admin.sessions-ended";
    public const string UserCreated = "admin.user-created";
    public const string PasswordReset = "admin.password-reset";
    public const string UserDisabled = "admin.user-disabled";
    public const string UserEnabled = "admin.user-enabled";
    public const string FirstAdmin = "admin.first-admin";
    public const string BackupCreated = "admin.backup";
    public const string PasswordChanged = "account.password-changed";
    public const string PasswordChangeFailed = "account.password-change-failed";

    /// <summary>Every code above; <see cref="AccessEvent.Create"/> refuses anything else.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        LoginSucceeded, LoginFailed, LockedOut, DisabledLogin, Denied, Logout, Throttled, SessionsEnded,
        UserCreated, PasswordReset, UserDisabled, UserEnabled, FirstAdmin, BackupCreated, PasswordChanged, PasswordChangeFailed,
    };
}

/// <summary>
/// One security-relevant happening (a sign-in, a failure, a lockout, a refusal, an administrator's action). It exists
/// so these go into <see cref="AuditEvent"/> through the same path as every other change: its pending event is
/// written by <c>SupervisionDbContext.SaveChanges</c> in the same transaction, and so joins the tamper-evident record.
/// </summary>
/// <remarks>
/// <para>How to read a row (for the access-record page and exports): <see cref="Action"/>, <see cref="Subject"/> (the
/// user name typed or concerned), <see cref="Client"/> (the client's IP address, when the event came over HTTP) and
/// <see cref="OccurredAt"/> (UTC) describe the happening; the Chinese summary is on its audit event
/// (<c>AuditEvents</c> with <c>EntityType = 'AccessEvent'</c> and <c>EntityId</c> = this row's <see cref="Id"/>).</para>
/// <para>Repeated failures are aggregated, not written one row each: a failed sign-in (<see cref="AccessActions.LoginFailed"/>)
/// for the same user name from the same address within the sign-in failure window (<c>Security.AccessAudit.FailureBurstWindow</c>) of the previous one
/// raises <see cref="Count"/> and moves <see cref="LastOccurredAt"/> on the burst's row instead of adding a row. So a
/// row with <c>Count = 37</c> reads "37 failed attempts for this name from this address, the first at OccurredAt, the
/// last at LastOccurredAt". The first attempt of each burst is in the hash-chained audit record; the count is kept on
/// the row only. Every other action is one row per happening (<c>Count = 1</c>, <c>LastOccurredAt = OccurredAt</c>).</para>
/// </remarks>
public sealed class AccessEvent : Recorded
{
    private AccessEvent()
    {
        Action = "";
        Subject = "";
    }

    /// <summary>The user name the event is about (the account signing in, or the account an admin changed).</summary>
    public string Subject { get; private set; }

    public int Id { get; private set; }
    public string Action { get; private set; }

    /// <summary>When it happened (UTC); for an aggregated burst of failures, the first of them.</summary>
    public DateTime OccurredAt { get; private set; }

    /// <summary>The client's IP address, when known.</summary>
    public string? Client { get; private set; }

    /// <summary>How many happenings the row stands for (more than 1 only for a burst of failed sign-ins).</summary>
    public int Count { get; private set; } = 1;

    /// <summary>The latest happening the row stands for (UTC).</summary>
    public DateTime LastOccurredAt { get; private set; }

    /// <summary>Creates an event; the summary is Chinese, the time UTC.</summary>
    /// <param name="action">One of <see cref="AccessActions"/>.</param>
    /// <param name="subject">The user name concerned (may be one that does not exist, for failed sign-ins).</param>
    /// <param name="summary">What happened, in Chinese.</param>
    /// <param name="actor">Who did it (for sign-ins, the account itself or an anonymous actor named after the attempt).</param>
    /// <param name="at">When, in UTC.</param>
    /// <param name="client">The client's IP address, when the event came over HTTP.</param>
    public static AccessEvent Create(string action, string subject, string summary, Actor actor, DateTime at, string? client = null)
    {
        if (!AccessActions.All.Contains(action))
            throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown access action.");
        if (at.Kind != DateTimeKind.Utc)
            throw new ArgumentException("Access events are recorded in UTC.", nameof(at));
        var evt = new AccessEvent
        {
            Action = action,
            Subject = SubjectOf(subject),
            OccurredAt = at,
            LastOccurredAt = at,
            Client = client is null ? null : ClientOf(client),
        };
        evt.Record(action, Truncate(Guard.Text(summary, "摘要", 1000), 1000), actor, at);
        return evt;
    }

    /// <summary>One more failure of the same burst (see the remarks on the class); not a new audit event.</summary>
    public void Repeat(DateTime at)
    {
        if (Action != AccessActions.LoginFailed)
            throw new InvalidOperationException("Only failed sign-ins are aggregated.");
        Count++;
        if (at > LastOccurredAt)
            LastOccurredAt = at;
    }

    /// <summary>The user name as a row keeps it (trimmed; a crafted name must not bloat the record).</summary>
    public static string SubjectOf(string? subject) => Truncate(subject?.Trim() ?? "", 100);

    /// <summary>The client address as a row keeps it.</summary>
    public static string ClientOf(string client) => Truncate(client.Trim(), 64);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
