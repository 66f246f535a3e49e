using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Supervision.Web.Accounts;

/// <summary>
/// Makes a sign-in with a user name that does not exist indistinguishable from one with a wrong password: it checks the
/// typed password against a stand-in hash (the same PBKDF2 work as a real check), and it locks the name after the same
/// number of failures for the same time, answering "locked" just as a real account would. A locked real account also
/// does the hash work, so no answer comes back noticeably faster than another.
/// </summary>
public sealed class SignInDecoy(TimeProvider clock, IOptions<IdentityOptions> identity)
{
    private const int MaxTracked = 10_000;
    private static readonly AppUser _nobody = new() { UserName = "\u0000" };
    private readonly ConcurrentDictionary<string, Entry> _names = new(StringComparer.Ordinal);
    private string? _hash;

    /// <summary>Checks <paramref name="password"/> against the stand-in hash (the result does not matter, the work does).</summary>
    public void HashWork(IPasswordHasher<AppUser> hasher, string password)
    {
        _hash ??= hasher.HashPassword(_nobody, RandomNumberGenerator.GetHexString(32));
        hasher.VerifyHashedPassword(_nobody, _hash, password);
    }

    /// <summary>Whether the (normalized) unknown name is in its lockout now.</summary>
    public bool IsLockedOut(string name) => _names.TryGetValue(name, out var entry) && entry.LockedUntil > clock.GetUtcNow();

    /// <summary>One more failure for the unknown name; true when it locks the name (as the fifth failure locks an account).</summary>
    public bool Fail(string name)
    {
        var now = clock.GetUtcNow();
        var lockout = identity.Value.Lockout;
        var locked = false;
        _names.AddOrUpdate(
            name,
            _ => Next(new Entry(0, DateTimeOffset.MinValue, now)),
            (_, entry) => Next(entry with { Seen = now }));
        Trim(now);
        return locked;

        Entry Next(Entry entry)
        {
            var failures = entry.Failures + 1;
            if (failures < lockout.MaxFailedAccessAttempts)
                return entry with { Failures = failures, Seen = now };
            // Like Identity: the count starts again and the name is locked for the lockout time.
            locked = true;
            return new Entry(0, now + lockout.DefaultLockoutTimeSpan, now);
        }
    }

    // A flood of made-up names must not grow memory without bound: the entries least recently used go first.
    private void Trim(DateTimeOffset now)
    {
        if (_names.Count <= MaxTracked)
            return;
        foreach (var old in _names.Where(n => n.Value.LockedUntil <= now).OrderBy(n => n.Value.Seen).Take(_names.Count - (MaxTracked * 9 / 10)).Select(n => n.Key).ToList())
            _names.TryRemove(old, out _);
    }

    private sealed record Entry(int Failures, DateTimeOffset LockedUntil, DateTimeOffset Seen);
}
