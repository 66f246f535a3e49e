using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.WebUtilities;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;
using Supervision.Core.Rules;
using Supervision.Core.Security;
using Supervision.Web;

namespace Supervision.Tests.Hosting;

/// <summary>
/// Every address <see cref="Routes"/> writes opens what it names: a page's address matches that page's <c>@page</c>
/// template, a download's matches the template its endpoint is mapped with, and a view's filter reads back unchanged.
/// </summary>
public sealed class RoutesTests
{
    public static TheoryData<string, string> PageAddresses() => new()
    {
        { Routes.Ledger, "Tasks" },
        { Routes.LedgerView(new LedgerFilter { Year = 2026, UnitId = 5 }), "Tasks" },
        { Routes.RegisterTask, "TaskRegister" },
        { Routes.ImportTasks, "TaskImport" },
        { Routes.Todo, "Todo" },
        { Routes.Feedback, "Feedback" },
        { Routes.Notifications, "Notifications" },
        { Routes.PeriodDocuments, "Reports" },
        { Routes.Admin, "Admin" },
        { Routes.Bulletin("2026-H1"), "ReportsBulletin" },
        { Routes.Task(42), "TaskDetail" },
        { Routes.EditTask(42), "TaskRegister" },
        { Routes.Report(42, "2026-06"), "ReportEdit" },
        { Routes.Target(43, null), "TaskDetail" },
        { Routes.Target(42, "2026-Q2"), "ReportEdit" },
    };

    [Theory]
    [MemberData(nameof(PageAddresses))]
    public void A_page_address_matches_the_template_of_the_page_it_names(string address, string page)
    {
        var templates = typeof(Routes).Assembly.GetTypes()
            .Where(t => t.Name == page && typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToList();
        Assert.NotEmpty(templates);

        Assert.Contains(templates, template => Matches(template, address));
    }

    public static TheoryData<string, string> DownloadAddresses() => new()
    {
        { Routes.LedgerExport(new LedgerFilter { Year = 2026, Text = "专项债" }), Routes.LedgerExportTemplate },
        { Routes.AccessRecordExport(new AccessRecordFilter()), Routes.AccessRecordExportTemplate },
        { Routes.AccessRecordExport(new AccessRecordFilter(Text: "fgw")), Routes.AccessRecordExportTemplate },
        { Routes.CompletionTable("2026-H1"), Routes.CompletionTableTemplate },
        { Routes.BulletinPdf("2026-H1"), Routes.BulletinPdfTemplate },
        { Routes.IssuedDocument(7), Routes.IssuedDocumentTemplate },
        { Routes.NoticePdf(7), Routes.NoticePdfTemplate },
        { Routes.ChasePdf(7), Routes.ChasePdfTemplate },
        { Routes.Attachment(7), Routes.AttachmentTemplate },
    };

    [Theory]
    [MemberData(nameof(DownloadAddresses))]
    public void A_download_address_matches_the_template_its_endpoint_is_mapped_with(string address, string template) =>
        Assert.True(Matches(template, address), $"{address} 不匹配 {template}");

    [Fact]
    public void A_ledger_view_reads_back_from_its_address_field_by_field()
    {
        var filter = new LedgerFilter
        {
            Year = 2025,
            Source = TaskSource.LeaderInstruction,
            CategoryId = 3,
            UnitId = 5,
            LeadOnly = true,
            LeaderId = LedgerFilter.None,
            AsOf = new DateOnly(2025, 6, 30),
            Light = TrafficLight.Red,
            DoubleHalf = DoubleHalfStatus.NotMet,
            CountedOnly = true,
            State = TaskState.InProgress,
            DeadlineFrom = new DateOnly(2025, 1, 1),
            DeadlineTo = new DateOnly(2025, 12, 31),
            Text = "专项债 & 5%",
            OverdueAcknowledgementOnly = true,
            Sort = LedgerSort.Deadline,
            Descending = true,
        };

        Assert.Equal(filter, Routes.LedgerFilterFrom(QueryOf(Routes.LedgerView(filter)), 2026));
        Assert.Equal(filter, Routes.LedgerFilterFrom(QueryOf(Routes.LedgerExport(filter)), 2026));
    }

    [Fact]
    public void A_ledger_address_with_values_that_do_not_read_falls_back_to_the_default_view()
    {
        var filter = Routes.LedgerFilterFrom(QueryOf("/tasks?year=1900&light=99&source=x&from=2026-13-01&sort=-1"), 2026);

        Assert.Equal(new LedgerFilter { Year = 2026 }, filter);
    }

    [Fact]
    public void An_access_record_view_reads_back_from_its_export_address()
    {
        var filter = new AccessRecordFilter(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30), AccessActions.All.First(), "fgw 张");

        Assert.Equal(filter, Routes.AccessRecordFilterFrom(QueryOf(Routes.AccessRecordExport(filter))));
        Assert.Equal(Routes.AccessRecordExportTemplate, Routes.AccessRecordExport(new AccessRecordFilter()));
    }

    private static bool Matches(string template, string address)
    {
        var path = address.Split('?')[0];
        var matcher = new TemplateMatcher(TemplateParser.Parse(template.TrimStart('/')), new RouteValueDictionary());
        return matcher.TryMatch(path, new RouteValueDictionary());
    }

    private static QueryCollection QueryOf(string address) =>
        new(QueryHelpers.ParseQuery(address.Contains('?', StringComparison.Ordinal) ? address[address.IndexOf('?', StringComparison.Ordinal)..] : ""));
}
