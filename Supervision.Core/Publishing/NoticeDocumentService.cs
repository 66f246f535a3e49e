using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Documents;
using Supervision.Core.Documents.Layout;
using Supervision.Core.Domain;
using Supervision.Core.Judging;

namespace Supervision.Core.Publishing;

/// <summary>The 督查通知单 of a task as a one-page PDF, for whoever may see the task.</summary>
public sealed class NoticeDocumentService(IDbContextFactory<SupervisionDbContext> dbFactory, DocumentRenderer renderer, IOptions<OfficeOptions> office)
{
    /// <summary>The notice PDF, or null when it does not exist or the actor may not see its task.</summary>
    public async Task<DocumentFile?> PdfAsync(Actor actor, int noticeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notice = await db.Notices.AsNoTracking().Include(n => n.Receipts).FirstOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null)
            return null;
        var task = await TaskVisibility.VisibleTo(db.Tasks.AsNoTracking(), actor).FirstOrDefaultAsync(t => t.Id == notice.TaskId, ct);
        if (task is null)
            return null;
        var names = await Names.LoadAsync(db, ct);
        var form = Form(notice, task, names, office.Value);
        var pdf = DocumentForms.Render(renderer, form);
        return new DocumentFile(pdf.Bytes, $"督查通知单（{notice.Number}）.pdf", BulletinService.PdfContentType);
    }

    internal static DocumentForm Form(Notice notice, SupervisionTask task, Names names, OfficeOptions office)
    {
        var officeName = office.Name;
        var assisting = string.Join("、", task.AssistingUnits.Select(a => names.Unit(a.UnitId)));
        var fields = new List<(string, string)>
        {
            ("任务编号", task.Number),
            ("任务名称", task.Title),
            ("任务内容", task.Content),
        };
        if (!string.IsNullOrWhiteSpace(task.Target))
            fields.Add(("目标要求", task.Target));
        fields.Add(("牵头单位", names.Unit(task.LeadUnitId)));
        fields.Add(("配合单位", assisting.Length == 0 ? "无" : assisting));
        if (names.Leader(task.ResponsibleLeaderId) is { Length: > 0 } leader)
            fields.Add(("责任领导", leader));
        fields.Add(("完成时限", task.DeadlineText is { Length: > 0 } text ? $"{text}（{DisplayNames.Date(notice.Deadline)}）" : DisplayNames.Date(notice.Deadline)));
        fields.Add(("报送要求", $"{DisplayNames.Of(notice.ReportCycle)}报送落实情况"));

        var footer = notice.Receipts
            .OrderByDescending(r => r.IsLead)
            .Select(r => $"{(r.IsLead ? "牵头" : "配合")}单位 {names.Unit(r.UnitId)}：{(r.AcknowledgedAt is { } at ? $"已于{DisplayNames.Date(ChinaTime.DateOf(at))}签收（{r.AcknowledgedByName}）" : "未签收")}")
            .ToList();
        return new DocumentForm(
            officeName,
            "督查通知单",
            notice.Number,
            names.Unit(task.LeadUnitId),
            fields,
            [("督办要求", notice.Requirements), ("办理要求", "请按要求抓好落实，按时报送落实情况；遇到困难和问题请及时向督查室反映。")],
            officeName,
            ChinaTime.DateOf(notice.IssuedAt),
            footer,
            office.ContactLine);
    }
}
