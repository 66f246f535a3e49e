using Microsoft.AspNetCore.Components;
using MudBlazor;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Domain;
using Supervision.Core.Publishing;
using Supervision.Web.Components.Shared;

namespace Supervision.Web.Components.Pages;

public partial class ReportsBulletin
{
    /// <summary>The period the 通报 is for, from the address /reports/bulletin/{PeriodKey}: 2026-Q1, 2026-H1, 2026-Q3 or 2026-Y.</summary>
    [Parameter] public string PeriodKey { get; set; } = "";

    private readonly FormCommand _command = new();
    private BulletinView? _view;
    private BulletinText? _text;
    private Actor _actor = Actor.System;
    private SupervisionPeriod? _period;
    private IReadOnlyList<string> _pages = [];
    private IReadOnlyList<string> _missing = [];
    private IReadOnlyList<ResolvedFont> _fonts = [];
    private int _pageCount;
    private bool _previewing;
    private bool _issued;
    private string? _error;
    private CancellationTokenSource? _debounce;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _actor = await CurrentActor.GetAsync();
            _period = PeriodFiguresService.ParsePeriod(PeriodKey);
            await LoadAsync();
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
        }
    }

    private static string FontUse(FontRole role) => role switch
    {
        FontRole.FangSong => "仿宋：正文、主送、文号、署名、版记",
        FontRole.XiaoBiaoSong => "小标宋：发文机关标志、标题",
        FontRole.Kai => "楷体：二级标题",
        FontRole.Hei => "黑体：一级标题、附件标识、表头",
        _ => "宋体：页码、图表",
    };

    private async Task LoadAsync()
    {
        _view = await Bulletins.GetAsync(_actor, _period!);
        _text = _view.Text;
        _issued = _view.State == BulletinState.Issued;
        await RefreshPreviewAsync();
    }

    private void OnTextChanged(BulletinText text)
    {
        _text = text;
        // Re-render the preview once typing pauses, not on every keystroke.
        _debounce?.Cancel();
        _debounce = new CancellationTokenSource();
        var token = _debounce.Token;
        _ = Task.Delay(600, token).ContinueWith(async t =>
        {
            if (!t.IsCanceled)
                await InvokeAsync(async () => { await RefreshPreviewAsync(); StateHasChanged(); });
        }, TaskScheduler.Default);
    }

    private async Task RefreshPreviewAsync()
    {
        if (_text is null || _period is null)
            return;
        _previewing = true;
        try
        {
            _fonts = Bulletins.Fonts();
            var preview = await Bulletins.PreviewAsync(_actor, _period, _text);
            _pages = preview.Pages.Select(p => "data:image/png;base64," + Convert.ToBase64String(p)).ToList();
            _pageCount = preview.PageCount;
            _missing = preview.MissingCharacters;
        }
        catch (MissingFontException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _previewing = false;
        }
    }

    private async Task SaveAsync()
    {
        await RunAsync(async () =>
        {
            await Bulletins.SaveDraftAsync(_actor, _period!, _text!);
            Snackbar.Add("草稿已保存", Severity.Success);
            await LoadAsync();
        });
    }

    private async Task RedraftAsync()
    {
        await RunAsync(async () =>
        {
            _text = await Bulletins.RedraftAsync(_actor, _period!);
            Snackbar.Add("已根据最新数据重新起草（尚未保存）", Severity.Info);
            await RefreshPreviewAsync();
        });
    }

    private async Task IssueAsync()
    {
        var ok = await Dialogs.ShowMessageBoxAsync("签发通报", "签发后将编发文号，通报和完成情况表将固定保存，不能再修改。确定签发？", yesText: "签发", cancelText: "取消");
        if (ok != true)
            return;
        await RunAsync(async () =>
        {
            var issued = await Bulletins.IssueAsync(_actor, _period!, _text!);
            Snackbar.Add($"已签发：{issued.Number}", Severity.Success);
            await LoadAsync();
        });
    }

    private async Task ClosePeriodAsync()
    {
        var ok = await Dialogs.ShowMessageBoxAsync("关闭本期", "关闭后，期内的报告采纳和修改须作为更正记录并说明原因。确定关闭？", yesText: "关闭", cancelText: "取消");
        if (ok != true)
            return;
        await RunAsync(async () =>
        {
            await Periods.CloseAsync(_actor, _period!);
            Snackbar.Add($"{_period!.Label}已关闭", Severity.Success);
            await LoadAsync();
        });
    }

    /// <summary>Runs a command on the 通报; a refusal, or a font the document cannot be set without, pops up.</summary>
    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            if (await _command.RunAsync(action) is { } refusal)
                Snackbar.Add(refusal, Severity.Error);
        }
        catch (MissingFontException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    public void Dispose() => _debounce?.Cancel();
}
