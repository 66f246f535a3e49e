using Supervision.Core.Domain;

namespace Supervision.Core.Security;

/// <summary>The kinds of access event the product records, as stable action codes.</summary>
public static class AccessActions
{
    public const string LoginSucceeded = "access.login";
    public const string LoginFailed = "access.login-failed";
    public const string LockedOut = "access.locked-out";
    public const string DisabledLogin = "access.login-disabled";
    public const string Denied = "access.denied";
    public const string Logout = "access.logout";
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
        LoginSucceeded, LoginFailed, LockedOut, DisabledLogin, Denied, Logout, SessionsEnded,
        UserCreated, PasswordReset, UserDisabled, UserEnabled, FirstAdmin, BackupCreated, PasswordChanged, PasswordChangeFailed,
    };
}

/// <summary>
/// One security-relevant happening (a sign-in, a failure, a lockout, a refusal, an administrator's action). It exists
/// so these go into <see cref="AuditEvent"/> through the same path as every other change: its pending event is
/// written by <c>SupervisionDbContext.SaveChanges</c> in the same transaction, and so joins the tamper-evident record.
/// </summary>
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
    public DateTime OccurredAt { get; private set; }

    /// <summary>Creates an event; the summary is Chinese, the time UTC.</summary>
    /// <param name="action">One of <see cref="AccessActions"/>.</param>
    /// <param name="subject">The user name concerned (may be one that does not exist, for failed sign-ins).</param>
    /// <param name="summary">What happened, in Chinese.</param>
    /// <param name="actor">Who did it (for sign-ins, the account itself or an anonymous actor named after the attempt).</param>
    /// <param name="at">When, in UTC.</param>
    public static AccessEvent Create(string action, string subject, string summary, Actor actor, DateTime at)
    {
        if (!AccessActions.All.Contains(action))
            throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown access action.");
        if (at.Kind != DateTimeKind.Utc)
            throw new ArgumentException("Access events are recorded in UTC.", nameof(at));
        var evt = new AccessEvent
        {
            Action = action,
            // A crafted user name must not bloat the record; what was typed is kept up to a sane length.
            Subject = Truncate(subject?.Trim() ?? "", 100),
            OccurredAt = at,
        };
        evt.Record(action, Truncate(Guard.Text(summary, "摘要", 1000), 1000), actor, at);
        return evt;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
