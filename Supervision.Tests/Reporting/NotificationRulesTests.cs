using System.Reflection;
using System.Reflection.Emit;
using Supervision.Core.Domain;
using Supervision.Core.Reporting;
using Supervision.Tests.Architecture;

namespace Supervision.Tests.Reporting;

/// <summary>The one table every notification's kind, audience and words come from.</summary>
public sealed class NotificationRulesTests
{
    [Fact]
    public void Every_event_has_a_rule()
    {
        var missing = Enum.GetValues<NotificationEvent>().Where(e => !NotificationRules.All.ContainsKey(e)).ToList();

        Assert.True(missing.Count == 0, $"No notification rule for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_kind_of_notification_is_made_by_some_rule()
    {
        var made = NotificationRules.All.Values.Select(r => r.Kind).ToHashSet();

        var unmade = Enum.GetValues<NotificationKind>().Where(k => !made.Contains(k)).ToList();

        Assert.True(unmade.Count == 0, $"No rule makes: {string.Join(", ", unmade)}");
    }

    [Fact]
    public void Only_the_rules_table_makes_a_notification_in_core()
    {
        var core = typeof(NotificationRules).Assembly;
        var makers = core.GetTypes()
            .Where(t => CompiledCode.Outer(t) != typeof(Notification))
            .SelectMany(CompiledCode.Methods)
            .Where(m => Constructs(m, typeof(Notification)))
            .Select(m => CompiledCode.Outer(m.DeclaringType!).Name)
            .Distinct()
            .ToList();

        Assert.Equal([nameof(NotificationRules)], makers);
    }

    [Fact]
    public void A_rule_words_its_event_as_the_office_reads_it_and_addresses_every_unit_it_names()
    {
        var task = SupervisionTask.Register(TaskSource.AnnualKeyWork, "2026-ZD-009", 1, TestData.Definition(3, 4), TestData.Inspector, TestData.At);

        var cancelled = NotificationRules.For(NotificationEvent.TaskCancelled, new(task) { Text = "政策调整" }, TestData.At);
        var reminder = Assert.Single(NotificationRules.For(NotificationEvent.ReportDueSoon, new(task) { PeriodKey = "2026-03", PeriodLabel = "2026年3月", Date = new DateOnly(2026, 4, 5), DaysLeft = 0, DedupKey = "k" }, TestData.At));
        var given = NotificationRules.For(NotificationEvent.InstructionGiven, new(task) { By = "周市长", Text = "抓紧推进", AsksForAnswer = true }, TestData.At);

        Assert.Equal([Audience.OfUnit(3), Audience.OfUnit(4)], cancelled.Select(Audience.Of));
        Assert.All(cancelled, n => Assert.Equal(("任务已取消：2026-ZD-009", NotificationKind.Task), (n.Title, n.Kind)));
        Assert.Equal(("时限提醒：2026年3月进展今天到期", "2026-03", "k"), (reminder.Title, reminder.PeriodKey, reminder.DedupKey));
        Assert.Equal([Audience.OfUnit(3), Audience.OfUnit(4), Audience.Office], given.Select(Audience.Of));
        Assert.All(given, n => Assert.Equal(("周市长批示：2026-ZD-009", "抓紧推进（请报告落实情况）"), (n.Title, n.Body)));
    }

    private static bool Constructs(MethodBase method, Type type)
    {
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (kind, token) in CompiledCode.Tokens(method))
        {
            if (kind != OperandType.InlineMethod)
                continue;
            try
            {
                if (method.Module.ResolveMethod(token, typeArguments, methodArguments) is ConstructorInfo c && c.DeclaringType == type)
                    return true;
            }
            catch (ArgumentException)
            {
            }
        }

        return false;
    }
}
