using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Web.Components.Shared;

namespace Supervision.Web.Components.Pages;

public partial class TaskImport
{
    private readonly FormCommand _command = new();
    private bool _ready;
    private MudFileUpload<IBrowserFile>? _upload;
    private ImportChoices _choices = ImportChoices.None;
    private ImportDirectory? _directory;
    private bool _canCreateUnits;
    private string? _messageFile;
    private int _year;
    private ReportCycle _cycle = ReportCycle.Monthly;
    private byte[]? _content;
    private string? _fileName;
    private ImportPreview? _preview;
    private ImportResult? _result;
    private string? _message;
    private bool _assigned;

    protected override void OnAfterRender(bool firstRender)
    {
        // Only runs once the circuit is interactive; browser tests wait for the marker before they click.
        if (firstRender)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _year = ChinaTime.Today(Clock).Year;
        _canCreateUnits = LedgerAccess.CanManageDirectory(await CurrentActor.GetAsync());
    }

    /// <summary>Deadlines, categories and duplicates depend on the year: a file already read is checked again for the new one.</summary>
    private async Task OnYearChangedAsync(int year)
    {
        _year = year;
        _directory = null;
        if (_content is null || _result is not null)
            return;
        await RunAsync(RefreshAsync);
    }

    private async Task OnFileAsync(IBrowserFile? file)
    {
        // Clearing the input (below) reports no file; choosing the same file again after fixing it must read it again.
        if (file is null)
            return;
        _preview = null;
        _result = null;
        _message = null;
        _messageFile = null;
        _assigned = false;
        _content = null;
        _fileName = file.Name;
        var max = Options.Value.MaxImportBytes;
        try
        {
            if (file.Size > max)
            {
                Refuse($"文件大小为{file.Size / 1024.0 / 1024.0:0.#}MB，超过{max / 1024 / 1024}MB的上限。");
                return;
            }

            await RunAsync(async () =>
            {
                using var buffer = new MemoryStream();
                await using (var stream = file.OpenReadStream(max))
                    await stream.CopyToAsync(buffer);
                _content = buffer.ToArray();
                await RefreshAsync();
            });
        }
        finally
        {
            if (_upload is not null)
                await _upload.ClearAsync();
        }
    }

    /// <summary>Reads the file again with the answers given so far (and the directory as it now is).</summary>
    private async Task RefreshAsync()
    {
        var actor = await CurrentActor.GetAsync();
        _preview = await Import.PreviewAsync(actor, _content!, _fileName!, _year, _choices);
        _message = null;
        _messageFile = null;
        if (_preview.IsRefused)
            Refuse(string.Join(" ", _preview.FileErrors));
        else if (_directory is null && (_preview.Questions.Count > 0 || _preview.Categories.Any(c => c.CategoryId is null)))
            _directory = await Import.DirectoryAsync(actor, _year);
    }

    /// <summary>The file itself is refused: the message names it ("「…」未导入").</summary>
    private void Refuse(string message)
    {
        _message = message;
        _messageFile = _fileName;
    }

    /// <summary>An answer from the preview: remembered in the directory (audited), or held for this import only.</summary>
    private Task AnswerAsync((ImportAnswer Answer, bool Remember) a) => RunAsync(async () =>
    {
        if (a.Remember)
        {
            await ImportAliases.RememberAsync(await CurrentActor.GetAsync(), a.Answer, _fileName);
            _choices = _choices.Without(a.Answer);
            Snackbar.Add($"已记住「{a.Answer.Written}」，以后导入自动识别。", Severity.Success);
        }
        else
            _choices = _choices.With(a.Answer);
        await RefreshAsync();
    });

    private Task ForgetAsync(ImportAnswer answer) => RunAsync(async () =>
    {
        _choices = _choices.Without(answer);
        await RefreshAsync();
    });

    /// <summary>管理员 adds the unit a file names; the written name becomes its alias when it is neither name nor short name.</summary>
    private Task CreateUnitAsync((string Written, UnitInput Input) c) => RunAsync(async () =>
    {
        var input = c.Input;
        var written = UnitMatcher.Cleaned(c.Written);
        if (UnitMatcher.Key(written) != UnitMatcher.Key(input.Name) && UnitMatcher.Key(written) != UnitMatcher.Key(input.ShortName ?? ""))
            input.Aliases = written;
        var errors = input.Validate();
        if (errors.Count > 0)
            throw new DomainException(string.Join(" ", errors.Values));
        await Units.SaveAsync(await CurrentActor.GetAsync(), 0, input);
        Snackbar.Add($"已新建单位「{input.Name}」。", Severity.Success);
        _directory = null;
        await RefreshAsync();
    });

    /// <summary>
    /// Runs a step on the previewed file. A refusal is the office's, not the file's, so the message names no file;
    /// an upload broken off mid-read refuses the file and asks for it again.
    /// </summary>
    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            if (await _command.RunAsync(action) is { } refusal)
            {
                _message = refusal;
                _messageFile = null;
            }
        }
        catch (IOException)
        {
            Refuse("文件读取中断，请重新选择。");
        }
    }

    private async Task CommitAsync()
    {
        var refusal = await _command.RunAsync(async () =>
        {
            _result = await Import.CommitAsync(await CurrentActor.GetAsync(), _content!, _fileName!, new ImportSettings(_year, _cycle) { Choices = _choices });
            _preview = null;
            _choices = ImportChoices.None;
        });
        if (refusal is not null)
            _message = refusal;
    }

    private async Task AssignAllAsync()
    {
        var refusal = await _command.RunAsync(async () =>
        {
            // Just imported: every task is at version 1.
            var numbers = await Assignments.AssignManyAsync(await CurrentActor.GetAsync(), _result!.TaskIds.Select(id => (id, 1L)).ToList(), Assignments.DefaultRequirements(_cycle));
            _assigned = true;
            Snackbar.Add($"已交办{numbers.Count}项任务，通知单{numbers[0]}至{numbers[^1]}。", Severity.Success);
        });
        if (refusal is not null)
            _message = refusal;
    }
}
