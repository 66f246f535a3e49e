using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Supervision.Core.Domain;
using Supervision.Core.Files;
using Supervision.Core.Reporting;
using Supervision.Web.Components.Reporting;

namespace Supervision.Web.Components.Pages;

public partial class ReportEdit
{
    /// <summary>The report, from /feedback/{ReportId} (a notification's or the to-do list's link).</summary>
    [Parameter] public int? ReportId { get; set; }

    /// <summary>The task, from /tasks/{TaskId}/reports/{Period}; with <see cref="Period"/> it names a report that may not be drafted yet.</summary>
    [Parameter] public int? TaskId { get; set; }

    /// <summary>The reporting period's key, e.g. 2026-03 or 2026-Q1.</summary>
    [Parameter] public string? Period { get; set; }

    private ReportView? _view;
    private Actor _actor = default!;
    private string? _error;
    private string? _notice;
    private bool _busy;
    private string? _progress;
    private string? _problems;
    private string? _next;
    private decimal? _value;
    private string? _contribution;

    private bool _interactive;

    // Files chosen on a report that has no draft yet, held (already checked) until the draft is first saved.
    private readonly List<PendingFile> _pending = [];

    private sealed record PendingFile(string Name, byte[] Content);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        _actor = await CurrentActor.GetAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _view = ReportId is { } id
                ? await Reports.GetByIdAsync(_actor, id)
                : await Reports.GetAsync(_actor, TaskId!.Value, Period ?? "");
            var c = _view.Current;
            _progress = c?.Progress;
            _problems = c?.Problems;
            _next = c?.NextSteps;
            _value = c is null ? null : _view.Task.IsIndicatorTask ? c.IndicatorActual : c.ProgressPercent;
            _contribution = null;
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
        }
    }

    private ReportStepView? LastReturn() =>
        _view?.Revisions.SelectMany(r => r.Steps).Where(s => s.Action is ReportStepAction.Returned or ReportStepAction.RejectedInUnit).OrderBy(s => s.At).LastOrDefault();

    private ReportContent Content() => _view!.Task.IsIndicatorTask
        ? new ReportContent(_progress ?? "", _problems, _next, null, _value)
        : new ReportContent(_progress ?? "", _problems, _next, _value, null);

    private async Task SaveAsync() => await RunAsync(SaveCoreAsync, "草稿已保存");

    private async Task SaveAndSendAsync() => await RunAsync(async () =>
    {
        var version = await SaveCoreAsync();
        await Chain.SendForReviewAsync(_actor, _view!.ReportId!.Value, version);
    }, "已提交主管领导审核");

    private async Task<long> SaveCoreAsync()
    {
        if (_view!.ReportId is not { } id)
        {
            var newId = await Chain.OpenAsync(_actor, _view.Task.Id, _view.Period.Key, Content());
            try
            {
                await UploadPendingAsync(newId);
            }
            finally
            {
                _view = await Reports.GetByIdAsync(_actor, newId);
            }

            return _view.Version;
        }

        return await Chain.SaveDraftAsync(_actor, id, _view.Version, Content());
    }

    // ReportDecisionBox calls this through a plain delegate (it keeps or clears its fields by the outcome), so the
    // page re-renders itself to show the new state or the refusal.
    private async Task<bool> DecideAsync(ReportDecision decision)
    {
        var (id, version) = (_view!.ReportId!.Value, _view.Version);
        var running = decision.Step switch
        {
            ReportDecisionStep.Approve => RunAsync(() => Chain.ApproveAsync(_actor, id, version, decision.Comment), _view.Can.ApproveAsSupervisor ? "已审核通过，转主要领导审批" : "已审批通过并报送督查室"),
            ReportDecisionStep.RejectInUnit => RunAsync(() => Chain.RejectInUnitAsync(_actor, id, version, decision.Comment ?? ""), "已退回联络员修改"),
            ReportDecisionStep.Accept => RunAsync(() => Chain.AcceptAsync(_actor, id, version, decision.Comment, decision.Correction), "已采纳"),
            _ => RunAsync(() => Chain.ReturnAsync(_actor, id, version, decision.Comment ?? ""), "已退回牵头单位"),
        };

        // The box's buttons go grey while the command runs, as the page's own do.
        StateHasChanged();
        var done = await running;
        StateHasChanged();
        return done;
    }

    private Task ContributeAsync() => RunAsync(() => Chain.AddContributionAsync(_actor, _view!.ReportId!.Value, _contribution ?? ""), "已补充配合落实情况");

    private Task UploadAsync(IBrowserFile file) => _view!.ReportId is null ? HoldAsync(file) : RunAsync(async () =>
    {
        if (file.Size > ReportAttachmentService.MaxAttachmentBytes)
            throw new DomainException($"文件「{file.Name}」大小为{ReportFormat.Size(file.Size)}，超过20MB的上限。");
        await using var stream = file.OpenReadStream(ReportAttachmentService.MaxAttachmentBytes + 1);
        await Attachments.AttachAsync(_actor, _view!.ReportId!.Value, stream, file.Name);
    }, $"已上传「{file.Name}」");

    /// <summary>
    /// A file chosen before the first draft: read and checked now (the browser's handle does not outlive the page), then
    /// the draft is saved with it — or, while the form cannot be saved yet, it waits for the first 保存草稿.
    /// </summary>
    private async Task HoldAsync(IBrowserFile file)
    {
        if (_busy)
            return;
        _busy = true;
        _error = null;
        try
        {
            if (file.Size > ReportAttachmentService.MaxAttachmentBytes)
                throw new DomainException($"文件「{file.Name}」大小为{ReportFormat.Size(file.Size)}，超过20MB的上限。");
            if (_pending.Sum(f => (long)f.Content.Length) + file.Size > ReportAttachmentService.MaxAttachmentBytes)
                throw new DomainException("保存草稿前暂存的附件合计不能超过20MB，请先保存草稿再继续上传。");
            using var buffer = new MemoryStream();
            await using (var stream = file.OpenReadStream(ReportAttachmentService.MaxAttachmentBytes + 1))
                await stream.CopyToAsync(buffer);
            buffer.Position = 0;
            var check = FileInspector.Inspect(buffer, file.Name, ReportAttachmentService.MaxAttachmentBytes, ReportAttachmentService.AttachmentKinds);
            if (!check.Ok)
                throw new DomainException(check.Error!);
            _pending.Add(new PendingFile(file.Name, buffer.ToArray()));
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
            return;
        }
        catch (IOException ex)
        {
            _error = $"文件读取失败：{ex.Message}";
            return;
        }
        finally
        {
            _busy = false;
        }

        await SaveWithPendingAsync(file.Name);
    }

    private async Task SaveWithPendingAsync(string name)
    {
        _busy = true;
        try
        {
            await SaveCoreAsync();
            Snackbar.Add($"草稿已保存，已上传「{name}」", Severity.Success);
            await LoadAsync();
        }
        catch (DomainException ex) when (_view!.ReportId is null)
        {
            // The form is not complete yet (e.g. no progress figure): nothing is lost, the file waits for the draft.
            _notice = $"「{name}」已选好，将在保存草稿时一并上传。草稿暂不能保存：{ex.Message}";
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Puts the held files on the report just opened; every file is tried, a refusal names its file.</summary>
    private async Task UploadPendingAsync(int reportId)
    {
        var refused = new List<string>();
        foreach (var file in _pending)
        {
            try
            {
                await Attachments.AttachAsync(_actor, reportId, new MemoryStream(file.Content, writable: false), file.Name);
            }
            catch (DomainException ex)
            {
                refused.Add(ex.Message);
            }
        }

        _pending.Clear();
        _notice = null;
        if (refused.Count > 0)
            throw new DomainException("草稿已保存，但以下附件未能上传：" + string.Join("", refused));
    }

    private Task RemoveAttachmentAsync(int id) => RunAsync(() => Attachments.RemoveAttachmentAsync(_actor, id), "附件已删除");

    // SpotCheckBox calls this through a plain delegate (it needs the outcome to keep or clear its form), so Blazor
    // re-renders only the box; this page re-renders itself to show the new check, its files or the refusal.
    private async Task<bool> SpotCheckAsync(SpotCheckInput input)
    {
        var done = await RecordSpotCheckAsync(input);
        StateHasChanged();
        return done;
    }

    private Task<bool> RecordSpotCheckAsync(SpotCheckInput input) => RunAsync(async () =>
    {
        var files = EvidenceFiles.Open(input.Files);
        try
        {
            await SpotChecks.RecordSpotCheckAsync(_actor, _view!.ReportId!.Value, input.RevisionNumber, input.Method, input.Result, input.CheckedOn, input.Notes ?? "", input.Evidence, files, input.CorrectionReason);
        }
        finally
        {
            foreach (var f in files)
                await f.Content.DisposeAsync();
        }
    }, "抽查核实已记录");

    private async Task<bool> RunAsync(Func<Task> action, string done)
    {
        if (_busy)
            return false;
        _busy = true;
        _error = null;
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
            return true;
        }
        catch (DomainException ex)
        {
            _error = ex.Message;
            // Keep what the person typed; refresh only the facts around it (state, version, steps).
            var (p, pr, n, val, con) = (_progress, _problems, _next, _value, _contribution);
            await LoadAsync();
            (_progress, _problems, _next, _value, _contribution) = (p, pr, n, val, con);
            _error = ex.Message;
            return false;
        }
        catch (IOException ex)
        {
            _error = $"文件读取失败：{ex.Message}";
            return false;
        }
        finally
        {
            _busy = false;
        }
    }
}
