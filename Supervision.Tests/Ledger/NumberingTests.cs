using Microsoft.EntityFrameworkCore;
using Supervision.Core.Domain;
using Supervision.Core.Ledger;

namespace Supervision.Tests.Ledger;

/// <summary>The unified number under load: registrations and an import of the same year and source at the same moment.</summary>
public sealed class NumberingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [DatabaseFact]
    public async Task Registrations_and_an_import_at_the_same_time_share_one_gapless_sequence_per_source()
    {
        await using var world = await LedgerWorld.CreateAsync();
        const int each = 12;

        var annual = Enumerable.Range(1, each).Select(i => Task.Run(
            () => world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(title: $"年度{i}"), Ct), Ct));
        var instructions = Enumerable.Range(1, each).Select(i => Task.Run(
            () => world.Registration().RegisterAsync(LedgerWorld.Inspector, world.Form(TaskSource.LeaderInstruction, title: $"批示{i}"), Ct), Ct));
        var import = Task.Run(() => world.Import().CommitAsync(LedgerWorld.Inspector, SampleWorkbooks.Standard(), "分解表.xlsx", new ImportSettings(2026, ReportCycle.Monthly), Ct), Ct);
        await Task.WhenAll(annual.Concat(instructions).Cast<Task>().Append(import));

        await using var db = world.Db.CreateDbContext();
        var numbers = await db.Tasks.Select(t => t.Number).ToListAsync(Ct);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, each + 3).Select(i => $"2026-ZD-{i:000}"), numbers.Where(n => n.Contains("-ZD-")).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, each).Select(i => $"2026-PS-{i:000}"), numbers.Where(n => n.Contains("-PS-")).Order(StringComparer.Ordinal));
        // The import's rows are consecutive: nobody registered in between them.
        var imported = await import;
        var first = int.Parse(imported.FirstNumber[^3..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"2026-ZD-{first + 2:000}", imported.LastNumber);
    }

    [DatabaseFact]
    public async Task Each_year_has_its_own_sequence_and_numbers_are_stable_after_edits()
    {
        await using var world = await LedgerWorld.CreateAsync();
        var registration = world.Registration();
        var first = await registration.RegisterAsync(LedgerWorld.Inspector, world.Form(), Ct);
        var next = world.Form();
        next.Year = 2027;
        next.CategoryId = null;
        next.Start = new DateTime(2027, 1, 1);
        next.Deadline = new DateTime(2027, 12, 31);
        var nextYear = await registration.RegisterAsync(LedgerWorld.Inspector, next, Ct);

        var form = (await registration.LoadForEditAsync(LedgerWorld.Inspector, first.Id, Ct))!;
        form.Title = "改过名称的任务";
        await registration.UpdateAsync(LedgerWorld.Inspector, first.Id, form, Ct);

        Assert.Equal("2026-ZD-001", first.Number);
        Assert.Equal("2027-ZD-001", nextYear.Number);
        Assert.Equal("2026-ZD-001", (await world.Detail().GetAsync(LedgerWorld.Inspector, first.Id, Ct))!.Number);
    }
}
