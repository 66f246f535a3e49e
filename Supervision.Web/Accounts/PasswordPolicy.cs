using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Supervision.Web.Accounts;

/// <summary>The product's password rules beyond Identity's length and character classes.</summary>
public static class PasswordPolicy
{
    /// <summary>Minimum length (OWASP ASVS: at least 10 for a system without MFA is the floor the office set).</summary>
    public const int MinimumLength = 10;

    /// <summary>PBKDF2 iterations (OWASP 2023: ≥ 210,000 for PBKDF2-HMAC-SHA512; Identity v3 uses SHA-512).</summary>
    public const int HashIterations = 210_000;

    private static readonly Lazy<FrozenSet<string>> _common = new(LoadCommon);

    /// <summary>The shipped list of common passwords (lower case), from <c>Accounts/common-passwords.txt</c>.</summary>
    public static FrozenSet<string> CommonPasswords => _common.Value;

    /// <summary>True when <paramref name="password"/> is on the list, ignoring case and surrounding spaces.</summary>
    public static bool IsCommon(string password) => CommonPasswords.Contains(password.Trim().ToLowerInvariant());

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Supervision.Web.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#'))
                set.Add(trimmed.ToLowerInvariant());
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>Refuses passwords that are common, contain the user name, or are one repeated character or a run.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success);
        var lower = password.ToLowerInvariant();
        if (PasswordPolicy.IsCommon(password))
            return Fail("CommonPassword", "该密码属于常见弱密码，很容易被猜中，请换一个。");
        if (user.UserName is { Length: >= 3 } name && lower.Contains(name.ToLowerInvariant(), StringComparison.Ordinal))
            return Fail("PasswordContainsUserName", "密码不能包含用户名。");
        if (IsRun(lower))
            return Fail("PasswordIsRun", "密码不能是同一字符的重复或连续的字符序列。");
        return Task.FromResult(IdentityResult.Success);
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));

    // "aaaaaaaaaa", "1234567890", "abcdefghij", "9876543210": guessable whatever the length.
    private static bool IsRun(string value)
    {
        if (value.Length < 2)
            return false;
        var step = value[1] - value[0];
        if (step is < -1 or > 1)
            return false;
        for (var i = 2; i < value.Length; i++)
        {
            if (value[i] - value[i - 1] != step)
                return false;
        }

        return true;
    }
}

/// <summary>Identity's messages in Chinese, shown as they are on the users page and the first-run page.</summary>
public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), "操作失败，请稍后重试。");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "该账户刚被他人修改，请刷新后重试。");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "密码不正确。");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "令牌无效或已过期。");
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed), "恢复码无效。");
    public override IdentityError LoginAlreadyAssociated() => E(nameof(LoginAlreadyAssociated), "该外部登录已绑定其他账户。");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), $"用户名“{userName}”无效：只能使用字母、数字和 . _ - @。");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), $"电子邮箱“{email}”格式不正确。");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), $"用户名“{userName}”已被使用。");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), $"电子邮箱“{email}”已被使用。");
    public override IdentityError InvalidRoleName(string? role) => E(nameof(InvalidRoleName), $"角色名“{role}”无效。");
    public override IdentityError DuplicateRoleName(string role) => E(nameof(DuplicateRoleName), $"角色“{role}”已存在。");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "该账户已设置密码。");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "该账户未启用锁定。");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), $"该账户已是“{role}”。");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), $"该账户不是“{role}”。");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"密码至少需要{length}个字符。");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"密码至少需要{uniqueChars}个不同的字符。");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "密码需包含至少一个符号（如 @ # ! 等）。");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "密码需包含至少一个数字。");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "密码需包含至少一个小写字母。");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "密码需包含至少一个大写字母。");

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
