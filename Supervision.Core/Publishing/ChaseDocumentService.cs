using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Judging;

namespace Supervision.Core.Publishing;

/// <summary>
/// The 催办单 and 督办单 of a task as one-page PDFs on the document engine, for whoever may see the task. Other rungs
/// of the ladder (提醒, 约谈, 亮红牌) have no form of their own.
/// </summary>
public sealed class ChaseDocumentService(IDbContextFactory<SupervisionDbContext> dbFactory, DocumentRenderer renderer, IOptions<OfficeOptions> office)
{
    /// <summary>Whether a rung of the ladder is printed as a form.</summary>
    public static bool HasForm(ChaseLevel level) => level is ChaseLevel.Urge or ChaseLevel.SupervisionOrder;

    /// <summary>The form PDF, or null when the record does not exist, has no form, or its task is not visible to the actor.</summary>
    public async Task<DocumentFile?> PdfAsync(Actor actor, int chaseId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var chase = await db.Set<ChaseRecord>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == chaseId, ct);
        if (chase is null || !HasForm(chase.Level))
            return null;
        var task = await TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).FirstOrDefaultAsync(t => t.Id == chase.TaskId, ct);
        if (task is null)
            return null;
        var names = await Names.LoadAsync(db, ct);
        // The number was given when the record was made (migrated records were numbered in the order they were made).
        var number = chase.Number ?? throw new InvalidOperationException($"Chase record {chase.Id} has no form number.");
        var form = Form(chase, number, task, names, office.Value);
        var pdf = DocumentForms.Render(renderer, form);
        return new DocumentFile(pdf.Bytes, $"{form.Title}（{number}）.pdf", BulletinService.PdfContentType);
    }

    internal static DocumentForm Form(ChaseRecord chase, string number, SupervisionTask task, Names names, OfficeOptions office)
    {
        var officeName = office.Name;
        var order = chase.Level == ChaseLevel.SupervisionOrder;
        var assisting = string.Join("、", task.AssistingUnits.Select(a => names.Unit(a.UnitId)));
        var fields = new List<(string, string)>
        {
            ("任务编号", task.Number),
            ("任务名称", task.Title),
            ("牵头单位", names.Unit(task.LeadUnitId)),
            ("配合单位", assisting.Length == 0 ? "无" : assisting),
        };
        if (names.Leader(task.ResponsibleLeaderId) is { Length: > 0 } leader)
            fields.Add(("责任领导", leader));
        fields.Add(("完成时限", task.DeadlineText is { Length: > 0 } text ? $"{text}（{DisplayNames.Date(task.Deadline)}）" : DisplayNames.Date(task.Deadline)));
        if (chase.Deadline is { } due)
            fields.Add((order ? "办理时限" : "反馈时限", $"{DisplayNames.Date(due)}前"));

        var requirement = chase.Deadline is not { } by
            ? "请高度重视，抓紧推进落实，并及时通过督查系统报送落实情况；遇到困难和问题请及时向督查室反映。"
            : order
                ? $"请于{DisplayNames.Date(by)}前将办理情况通过督查系统书面反馈督查室。逾期未办理或办理不力的，将按规定约谈或亮红牌，并在通报中予以反映。"
                : $"请高度重视，抓紧推进落实，于{DisplayNames.Date(by)}前通过督查系统反馈办理情况；遇到困难和问题请及时向督查室反映。";
        var issued = ChinaTime.LocalOf(chase.At);
        var footer = new List<string>
        {
            $"{(chase.ByName == Actor.System.Name ? "系统按时限规则自动发出" : $"督查员：{chase.ByName}")}　发出时间：{issued.ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture)}",
        };
        return new DocumentForm(
            officeName,
            order ? "督办单" : "催办单",
            number,
            names.Unit(task.LeadUnitId),
            fields,
            [(order ? "督办事项" : "催办事项", chase.Content), ("办理要求", requirement)],
            officeName,
            ChinaTime.DateOf(chase.At),
            footer,
            office.ContactLine);
    }
}
