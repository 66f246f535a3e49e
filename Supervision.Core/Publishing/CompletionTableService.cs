using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Domain;

namespace Supervision.Core.Publishing;

/// <summary>A file ready to download.</summary>
public sealed record DocumentFile(byte[] Content, string FileName, string ContentType, string? Sha256 = null);

/// <summary>The period completion table (.xlsx): live until the period's bulletin is issued, then the frozen copy.</summary>
public sealed class CompletionTableService(IDbContextFactory<SupervisionDbContext> dbFactory, PeriodFiguresService reports, IOptions<DocumentOptions> options)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task<DocumentFile> BuildAsync(Actor actor, SupervisionPeriod period, CancellationToken ct = default)
    {
        var report = await reports.LoadAsync(actor, period, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var frozen = await db.Bulletins.AsNoTracking()
                .Where(b => b.PeriodKey == period.Key && b.TableDocumentId != null)
                .Join(db.IssuedDocuments, b => b.TableDocumentId, d => d.Id, (b, d) => d)
                .FirstOrDefaultAsync(ct);
            if (frozen is not null)
                return new DocumentFile(frozen.Content, frozen.FileName, frozen.ContentType, frozen.Sha256);
        }

        return new DocumentFile(CompletionTableBuilder.Build(report, options.Value.ContinuousNumbering), FileName(report), XlsxContentType);
    }

    internal static string FileName(PeriodFigures report) => $"{report.TableTitle}.xlsx";
}
