using Microsoft.EntityFrameworkCore;
using Supervision.Core.Data;
using Supervision.Core.Domain;
using static Supervision.Core.Ledger.DirectoryRules;

namespace Supervision.Core.Ledger;

/// <summary>The names an import's preview settles, remembered so the next workbook matches them by itself.</summary>
public sealed class ImportAliasService(IDbContextFactory<SupervisionDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Remembers an answer given in an import's preview as another name of the entry chosen — a unit's or group's
    /// alias, a leader's other name, a category's alias — so the next file with that name matches by itself. Office
    /// staff who import (督查员 too) may do this; the record names who, and from which file.
    /// </summary>
    public async Task RememberAsync(Actor actor, ImportAnswer answer, string? fileName = null, CancellationToken ct = default)
    {
        LedgerAccess.RequireManager(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        var context = string.IsNullOrWhiteSpace(fileName) ? "（导入任务分解表时确认）" : $"（导入「{(fileName.Length > 60 ? fileName[..60] : fileName)}」时确认）";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (answer.Kind, answer.Target)
        {
            case (ImportNameKind.Unit, ImportTargetKind.Unit):
            {
                var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == answer.Id && u.IsActive, ct) ?? throw new DomainException("所选单位不存在或已停用。");
                var alias = UnitMatcher.Cleaned(answer.Written);
                await EnsureAliasFreeForUnitsAsync(db, alias, unit.Id, 0, ct);
                unit.AddAlias(alias, actor, now, context);
                break;
            }

            case (ImportNameKind.Unit, ImportTargetKind.Group):
            {
                var group = await db.UnitGroups.FirstOrDefaultAsync(g => g.Id == answer.Id, ct) ?? throw new DomainException("所选单位组不存在。");
                var alias = UnitMatcher.Cleaned(answer.Written);
                await EnsureAliasFreeForUnitsAsync(db, alias, 0, group.Id, ct);
                group.AddAlias(alias, actor, now, context);
                break;
            }

            case (ImportNameKind.Leader, ImportTargetKind.Leader):
            {
                var leader = await db.Leaders.FirstOrDefaultAsync(l => l.Id == answer.Id && l.IsActive, ct) ?? throw new DomainException("所选领导不存在或已停用。");
                var alias = answer.Written.Trim();
                await EnsureLeaderAliasFreeAsync(db, alias, leader.Id, ct);
                leader.AddAlias(alias, actor, now, context);
                break;
            }

            case (ImportNameKind.Category, ImportTargetKind.Category):
            {
                var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == answer.Id, ct) ?? throw new DomainException("所选类别不存在，可能已被删除。");
                var alias = TaskSheetAnalyzer.ParseCategory(answer.Written).Name;
                await EnsureCategoryNameFreeAsync(db, category.Year, alias, category.Id, ct);
                category.AddAlias(alias, actor, now, context);
                break;
            }

            default:
                throw new DomainException("所选条目与名称的种类不符。");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainException("名录刚刚被他人修改，别名未记住。请重试。");
        }
    }
}
