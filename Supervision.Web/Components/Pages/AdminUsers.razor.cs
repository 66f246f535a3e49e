using MudBlazor;
using Supervision.Core.Backup;
using Supervision.Core.Domain;
using Supervision.Web.Accounts;
using Supervision.Web.Components.Shared;

namespace Supervision.Web.Components.Pages;

public partial class AdminUsers
{
    private readonly FormCommand _command = new();
    private IReadOnlyList<UserRow>? _rows;
    private IReadOnlyList<(int Id, string Name)> _units = [];
    private IReadOnlyList<BackupFile> _backups = [];
    private NewUser _new = new();
    private string? _createError;
    private string? _resetFor;
    private string _resetPassword = "";

    protected override async Task OnInitializedAsync()
    {
        var actor = await CurrentActor.GetAsync();
        _units = await Accounts.UnitsAsync(actor);
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        var actor = await CurrentActor.GetAsync();
        _rows = await Accounts.ListAsync(actor);
        _backups = Backups.List(actor);
    }

    private async Task CreateAsync()
    {
        await RunAndReloadAsync(async actor =>
        {
            _createError = null;
            try
            {
                var created = await Accounts.CreateAsync(actor, _new);
                Snackbar.Add($"已创建账户 {created.UserName}。", Severity.Success);
                _new = new NewUser();
            }
            catch (DomainException ex)
            {
                // Keep what was typed (except the password) so nothing is lost.
                _createError = ex.Message;
                _new.Password = "";
            }
        });
    }

    private void StartReset(UserRow u)
    {
        _resetFor = u.Id;
        _resetPassword = "";
    }

    private Task ResetAsync(UserRow u) => RunAndReloadAsync(async actor =>
    {
        await Accounts.ResetPasswordAsync(actor, u.Id, _resetPassword);
        _resetFor = null;
        _resetPassword = "";
        Snackbar.Add($"已重置 {u.UserName} 的密码，并结束了其全部会话。", Severity.Success);
    });

    private Task SetDisabledAsync(UserRow u, bool disabled) => RunAndReloadAsync(async actor =>
    {
        await Accounts.SetDisabledAsync(actor, u.Id, disabled);
        Snackbar.Add(disabled ? $"已停用 {u.UserName}，其打开的页面已关闭。" : $"已启用 {u.UserName}。", Severity.Success);
    });

    private Task EndSessionsAsync(UserRow u) => RunAndReloadAsync(async actor =>
    {
        var count = await Accounts.EndSessionsAsync(actor, u.Id);
        Snackbar.Add($"已结束 {u.UserName} 的会话（关闭了{count}个打开的页面）。", Severity.Success);
    });

    private Task BackupAsync() => RunAndReloadAsync(async actor =>
    {
        var file = await Backups.CreateAsync(actor);
        await Audit.RecordAsync(AccessActions.BackupCreated, actor.UserId, $"手动备份数据库：{file.Name}", actor);
        Snackbar.Add($"已备份：{file.Name}", Severity.Success);
    });

    /// <summary>
    /// Runs a command as the signed-in administrator; a refusal pops up. The accounts and backups are read again even
    /// after a fault: the list must show what the command did before it failed.
    /// </summary>
    private async Task RunAndReloadAsync(Func<Actor, Task> action)
    {
        try
        {
            if (await _command.RunAsync(async () => await action(await CurrentActor.GetAsync())) is { } refusal)
                Snackbar.Add(refusal, Severity.Error);
        }
        finally
        {
            await ReloadAsync();
        }
    }
}
