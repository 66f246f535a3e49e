namespace Supervision.Core.Domain;

/// <summary>
/// A sign-in session that was ended by signing out. Its cookie may still be in someone's hands (a shared PC, a copied
/// request); every request checks its session id against this list, so a replayed cookie is refused. Rows are kept
/// until the cookie could no longer be valid anyway.
/// </summary>
public sealed class EndedSession
{
    private EndedSession()
    {
        SessionId = "";
        UserId = "";
    }

    public EndedSession(string sessionId, string userId, DateTime endedAt, DateTime expiresAt)
    {
        SessionId = sessionId;
        UserId = userId;
        EndedAt = endedAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>The random id the sign-in put into the cookie.</summary>
    public string SessionId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>When it was ended (UTC).</summary>
    public DateTime EndedAt { get; private set; }

    /// <summary>After this (UTC) no cookie of the session can validate anyway, so the row may go.</summary>
    public DateTime ExpiresAt { get; private set; }
}
