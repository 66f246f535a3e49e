using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Bulletins;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;

namespace Supervision.Core.Publishing;

/// <summary>An issued document as listed on the reports page.</summary>
public sealed record IssuedDocumentInfo(int Id, string Kind, string FileName, long Length, string Sha256, DateTime CreatedAt);

/// <summary>A period's bulletin as the editing page shows it.</summary>
/// <param name="Saved">Whether the text is a saved (edited) draft; otherwise it was just drafted from the data.</param>
public sealed record BulletinView(
    SupervisionPeriod Period,
    PeriodFigures Report,
    BulletinText Text,
    bool Saved,
    BulletinState State,
    string? Number,
    DateOnly? IssuedOn,
    string? IssuedByName,
    IReadOnlyList<IssuedDocumentInfo> Documents,
    bool PeriodClosed);

/// <summary>
/// 通报: drafting from the data, saving the edited text, rendering the draft (PDF and page previews) and issuing,
/// which gives the 文号 and freezes the PDF and the completion table with their SHA-256 in the audit record.
/// </summary>
public sealed class BulletinService(
    IDbContextFactory<SupervisionDbContext> dbFactory,
    PeriodFiguresService reports,
    DocumentRenderer renderer,
    TimeProvider clock,
    IOptions<DocumentOptions> options)
{
    public const string PdfContentType = "application/pdf";

    /// <summary>The bulletin of a period: the saved draft or issued text, else a fresh draft from the data.</summary>
    public async Task<BulletinView> GetAsync(Actor actor, SupervisionPeriod period, CancellationToken ct = default)
    {
        var report = await reports.LoadAsync(actor, period, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var saved = await db.Bulletins.AsNoTracking().FirstOrDefaultAsync(b => b.PeriodKey == period.Key, ct);
        var documents = saved?.State == BulletinState.Issued
            ? await db.IssuedDocuments.AsNoTracking()
                .Where(d => d.Id == saved.PdfDocumentId || d.Id == saved.TableDocumentId)
                .OrderBy(d => d.Id)
                .Select(d => new IssuedDocumentInfo(d.Id, d.Kind, d.FileName, d.Length, d.Sha256, d.CreatedAt))
                .ToListAsync(ct)
            : [];
        var closed = await db.ClosedPeriods.AsNoTracking().AnyAsync(p => p.PeriodKey == period.Key, ct);
        var text = saved is null ? Draft(report) : ToText(saved);
        return new BulletinView(period, report, text, saved is not null, saved?.State ?? BulletinState.Draft, saved?.Number, saved?.IssuedOn, saved?.IssuedByName, documents, closed);
    }

    /// <summary>A fresh draft from the period's data (the page's 重新起草), not saved.</summary>
    public async Task<BulletinText> RedraftAsync(Actor actor, SupervisionPeriod period, CancellationToken ct = default) =>
        Draft(await reports.LoadAsync(actor, period, ct));

    /// <summary>Saves the edited text as the period's draft.</summary>
    public async Task SaveDraftAsync(Actor actor, SupervisionPeriod period, BulletinText text, CancellationToken ct = default)
    {
        EnsureOffice(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var fields = ToFields(text);
        var bulletin = await db.Bulletins.FirstOrDefaultAsync(b => b.PeriodKey == period.Key, ct);
        if (bulletin is null)
            db.Bulletins.Add(new Bulletin(period.Key, period.End.Year, fields, actor, now));
        else
            bulletin.Edit(fields, actor, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The bulletin PDF: the issued bytes once issued, else the draft rendered now from <paramref name="text"/>
    /// (or the saved/drafted text).
    /// </summary>
    public async Task<(DocumentFile File, IReadOnlyList<string> MissingCharacters)> PdfAsync(Actor actor, SupervisionPeriod period, BulletinText? text = null, CancellationToken ct = default)
    {
        var view = await GetAsync(actor, period, ct);
        if (view.State == BulletinState.Issued)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var pdf = await db.IssuedDocuments.AsNoTracking().FirstAsync(d => d.PeriodKey == period.Key && d.Kind == "bulletin.pdf", ct);
            return (new DocumentFile(pdf.Content, pdf.FileName, pdf.ContentType, pdf.Sha256), []);
        }

        var spec = Compose(view.Report, text ?? view.Text, null, ChinaTime.Today(clock));
        var rendered = renderer.RenderPdf(spec);
        return (new DocumentFile(rendered.Bytes, FileName(view.Report, draft: true), PdfContentType), rendered.MissingCharacters);
    }

    /// <summary>Pixels per point of the page previews (and of the issued copy's stored pages).</summary>
    public const float PreviewScale = 1.25f;

    /// <summary>Kind of the stored page images of an issued bulletin.</summary>
    internal const string IssuedPageKind = "bulletin.page";

    /// <summary>
    /// Page images for the editing page: the draft with <paramref name="text"/> while editing; once issued, the
    /// issued copy (with its 文号, as stored at issue), whatever text is passed.
    /// </summary>
    public async Task<RenderedPreview> PreviewAsync(Actor actor, SupervisionPeriod period, BulletinText text, int maxPages = 40, CancellationToken ct = default)
    {
        var report = await reports.LoadAsync(actor, period, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var issued = await db.Bulletins.AsNoTracking().Where(b => b.PeriodKey == period.Key && b.State == BulletinState.Issued).FirstOrDefaultAsync(ct);
            if (issued is not null)
            {
                var pages = await db.IssuedDocuments.AsNoTracking()
                    .Where(d => d.PeriodKey == period.Key && d.Kind == IssuedPageKind)
                    .OrderBy(d => d.Id)
                    .Select(d => d.Content)
                    .ToListAsync(ct);
                if (pages.Count > 0)
                    return new RenderedPreview([.. pages.Take(maxPages)], pages.Count, []);
                // Issued before the pages were kept: the issued text under its 文号 and date.
                return renderer.RenderPng(Compose(report, ToText(issued), issued.Number, issued.IssuedOn ?? ChinaTime.Today(clock)), PreviewScale, maxPages);
            }
        }

        return renderer.RenderPng(Compose(report, text, null, ChinaTime.Today(clock)), PreviewScale, maxPages);
    }

    /// <summary>The face each GB/T 9704 role is drawn with, and what stands in for a role with no installed font.</summary>
    /// <exception cref="MissingFontException">No CJK TrueType font is installed.</exception>
    public IReadOnlyList<ResolvedFont> Fonts() => renderer.Fonts.Roles;

    /// <summary>
    /// Issues the period's bulletin: saves <paramref name="text"/>, gives it the next 文号 of the year, renders the
    /// PDF and the completion table once, stores both with their SHA-256 and records the hashes in the audit record —
    /// all in one transaction. Refused while the period runs or when a character cannot be printed.
    /// </summary>
    public async Task<Bulletin> IssueAsync(Actor actor, SupervisionPeriod period, BulletinText text, CancellationToken ct = default)
    {
        EnsureOffice(actor);
        var report = await reports.LoadAsync(actor, period, ct);
        if (!report.Ended)
            throw new DomainException($"{period.Label}尚未结束，不能签发通报。");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var fields = ToFields(text);
        var bulletin = await db.Bulletins.FirstOrDefaultAsync(b => b.PeriodKey == period.Key, ct);
        if (bulletin is null)
        {
            bulletin = new Bulletin(period.Key, period.End.Year, fields, actor, now);
            db.Bulletins.Add(bulletin);
        }
        else
        {
            bulletin.Edit(fields, actor, now);
        }

        var year = today.Year;
        var yearStart = new DateOnly(year, 1, 1);
        var sequence = (await db.Bulletins.Where(b => b.IssuedOn >= yearStart && b.Sequence != null).MaxAsync(b => b.Sequence, ct) ?? 0) + 1;
        var number = $"{options.Value.BulletinNumberPrefix}〔{year}〕{sequence}号";
        var spec = Compose(report, text, number, today);
        var rendered = renderer.RenderPdf(spec);
        if (rendered.MissingCharacters.Count > 0)
            throw new DomainException($"以下字符当前字体无法显示：{string.Join(" ", rendered.MissingCharacters)}。请修改文字或安装包含这些字符的字体后再签发。");

        var pdf = new IssuedDocument("bulletin.pdf", period.Key, FileName(report, draft: false, number), PdfContentType, rendered.Bytes, now);
        var table = new IssuedDocument("completion.xlsx", period.Key, CompletionTableService.FileName(report), CompletionTableService.XlsxContentType, CompletionTableBuilder.Build(report, options.Value.ContinuousNumbering), now);
        db.IssuedDocuments.AddRange(pdf, table);
        // The editing page shows the issued copy from now on: its pages are kept as drawn from the same layout as the PDF.
        var pages = renderer.RenderPng(spec, PreviewScale);
        db.IssuedDocuments.AddRange(pages.Pages.Select((png, i) => new IssuedDocument(IssuedPageKind, period.Key, $"第{i + 1}页.png", "image/png", png, now)));
        await db.SaveChangesAsync(ct);
        bulletin.Issue(sequence, number, today, pdf, table, actor, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return bulletin;
    }

    /// <summary>An issued document's stored bytes.</summary>
    public async Task<DocumentFile?> IssuedAsync(Actor actor, int id, CancellationToken ct = default)
    {
        if (!PeriodFiguresService.CanRead(actor))
            throw new DomainException("只有督查室和市领导可以查看报表与通报。");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.IssuedDocuments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return d is null ? null : new DocumentFile(d.Content, d.FileName, d.ContentType, d.Sha256);
    }

    internal DocumentSpec Compose(PeriodFigures report, BulletinText text, string? number, DateOnly date) =>
        BulletinComposer.Compose(report, text, options.Value.BulletinNumberPrefix, number, date, options.Value.ContinuousNumbering);

    private BulletinText Draft(PeriodFigures report) => BulletinDrafter.Draft(report, options.Value.BulletinAddressees, options.Value.BulletinCopyTo);

    private static string FileName(PeriodFigures report, bool draft, string? number = null) =>
        draft ? $"{report.PeriodPhrase}任务指标完成情况通报（草稿）.pdf" : $"{report.PeriodPhrase}任务指标完成情况通报（{number}）.pdf";

    private static void EnsureOffice(Actor actor)
    {
        if (!PeriodFiguresService.CanIssue(actor))
            throw new DomainException("只有督查室可以编辑和签发通报。");
    }

    private static BulletinText ToText(Bulletin b) => new(b.Title, b.Addressees, b.Opening, b.Overall, b.Progress, b.Problems, b.Requirements, b.Issuer, b.CopyTo);

    private static BulletinTextFields ToFields(BulletinText t) => new(t.Title, t.Addressees, t.Opening, t.Overall, t.Progress, t.Problems, t.Requirements, t.Issuer, t.CopyTo);
}
