using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;

namespace Supervision.Tests.Security;

public sealed class PasswordPolicyTests
{
    [Fact]
    public async Task Password_hashes_use_PBKDF2_with_at_least_210000_iterations()
    {
        await using var host = await SecurityHost.CreateAsync(appPasswordHashing: true);
        await using var scope = host.Services.CreateAsyncScope();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>();
        var hash = Convert.FromBase64String(hasher.HashPassword(new AppUser(), "Qz7!vLm#2pWx"));

        // Identity v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        Assert.Equal(0x01, hash[0]);
        var iterations = (hash[5] << 24) | (hash[6] << 16) | (hash[7] << 8) | hash[8];
        Assert.True(iterations >= 210_000, $"iterations = {iterations}");
    }

    [Theory]
    [InlineData("Ab1!xyz", "密码至少需要10个字符。")]
    [InlineData("Password123!", "该密码属于常见弱密码，很容易被猜中，请换一个。")]
    [InlineData("P@ssw0rd123", "该密码属于常见弱密码，很容易被猜中，请换一个。")]
    [InlineData("Woaini1314!", "该密码属于常见弱密码，很容易被猜中，请换一个。")]
    [InlineData("zhangsan#2026X", "密码不能包含用户名。")]
    [InlineData("abcdefghijkl", "密码需包含至少一个数字。")]
    public async Task Weak_passwords_are_refused_with_a_Chinese_reason(string password, string message)
    {
        await using var host = await SecurityHost.CreateAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(new AppUser { UserName = "zhangsan", DisplayName = "张三" }, password);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors.Select(e => e.Description));
        Assert.Null(await users.FindByNameAsync("zhangsan"));
    }

    [Fact]
    public async Task A_long_uncommon_password_is_accepted()
    {
        await using var host = await SecurityHost.CreateAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(new AppUser { UserName = "lisi", DisplayName = "李四" }, "Hq9#river-Lantern");
        Assert.True(result.Succeeded, string.Join("；", result.Errors.Select(e => e.Description)));
    }

    [Fact]
    public void The_shipped_list_has_thousands_of_common_passwords_and_ignores_case()
    {
        Assert.True(PasswordPolicy.CommonPasswords.Count > 5000);
        Assert.True(PasswordPolicy.IsCommon("QWERTYUIOP"));
        Assert.True(PasswordPolicy.IsCommon("1qaz2wsx3edc"));
        Assert.False(PasswordPolicy.IsCommon("Hq9#river-Lantern"));
    }

    [Fact]
    public async Task Identity_errors_are_in_Chinese()
    {
        await using var host = await SecurityHost.CreateAsync();
        await host.CreateUserAsync("wangwu", Roles.Inspector);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var duplicate = await users.CreateAsync(new AppUser { UserName = "wangwu", DisplayName = "王五" }, "Hq9#river-Lantern");
        Assert.Contains("用户名“wangwu”已被使用。", duplicate.Errors.Select(e => e.Description));
        var badName = await users.CreateAsync(new AppUser { UserName = "王 五", DisplayName = "王五" }, "Hq9#river-Lantern");
        Assert.Contains(badName.Errors, e => e.Description.StartsWith("用户名“王 五”无效", StringComparison.Ordinal));
    }
}
