using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Rules;

namespace Supervision.Tests.Rules;

public class RuleThresholdsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var defaults = RuleThresholds.Default;

        Assert.Equal(10m, defaults.YellowLagPoints);
        Assert.Equal(20m, defaults.RedLagPoints);
        Assert.Equal(3, defaults.ReportGraceDays);
        Assert.Equal(0, defaults.MilestoneGraceDays);
        Assert.Equal(0.5m, defaults.DoubleHalfTimeShare);
        Assert.Equal("Rules", RuleThresholds.SectionName);
        Assert.Equal(new RuleThresholds(), defaults);
    }

    [Fact]
    public void Thresholds_bind_from_the_rules_section_and_take_effect()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Rules:YellowLagPoints"] = "5",
                ["Rules:RedLagPoints"] = "8",
                ["Rules:ReportGraceDays"] = "1",
            })
            .Build();

        var thresholds = configuration.GetSection(RuleThresholds.SectionName).Get<RuleThresholds>()!;

        Assert.Equal(5m, thresholds.YellowLagPoints);
        Assert.Equal(1, thresholds.ReportGraceDays);
        Assert.Equal(0.5m, thresholds.DoubleHalfTimeShare); // not configured: the default stays
        var facts = TaskBuilder.Task().Reported(TaskBuilder.Day(1), 50).Build();
        Assert.Equal(TrafficLight.Red, TaskRules.Light(facts, TaskBuilder.Day(58), thresholds));
    }

    [Fact]
    public void Default_thresholds_are_valid()
    {
        var results = new List<ValidationResult>();

        Assert.True(Validator.TryValidateObject(RuleThresholds.Default, new ValidationContext(RuleThresholds.Default), results, validateAllProperties: true));
        Assert.Empty(results);
    }

    [Fact]
    public void Red_below_yellow_is_invalid()
    {
        var thresholds = RuleThresholds.Default with { YellowLagPoints = 15, RedLagPoints = 12 };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(thresholds, new ValidationContext(thresholds), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(RuleThresholds.RedLagPoints)));
    }

    [Fact]
    public void Out_of_range_grace_days_are_invalid()
    {
        var thresholds = RuleThresholds.Default with { ReportGraceDays = -1 };

        Assert.False(Validator.TryValidateObject(thresholds, new ValidationContext(thresholds), [], validateAllProperties: true));
    }

    [Fact]
    public void Changing_a_threshold_with_a_copy_leaves_the_default_untouched()
    {
        var copy = RuleThresholds.Default with { YellowLagPoints = 12.5m };

        Assert.Equal(125, copy.YellowLagTenths);
        Assert.Equal(100, RuleThresholds.Default.YellowLagTenths);
        Assert.NotEqual(RuleThresholds.Default, copy);
    }
}

public class ChinaTimeTests
{
    [Theory]
    [InlineData("2026-06-30T15:59:59Z", 6, 30)]
    [InlineData("2026-06-30T16:00:00Z", 7, 1)] // midnight in Beijing
    [InlineData("2026-06-30T00:00:00Z", 6, 30)]
    public void Today_is_the_date_in_china(string utc, int month, int day)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new DateOnly(2026, month, day), Supervision.Core.Domain.ChinaTime.Today(clock));
    }

    [Fact]
    public void China_local_time_round_trips_to_utc()
    {
        var utc = Supervision.Core.Domain.ChinaTime.UtcOf(new DateOnly(2026, 7, 1), new TimeOnly(0, 30));

        Assert.Equal(new DateTime(2026, 6, 30, 16, 30, 0, DateTimeKind.Utc), utc);
        Assert.Equal(new DateOnly(2026, 7, 1), Supervision.Core.Domain.ChinaTime.DateOf(utc));
        Assert.Equal(new DateTime(2026, 7, 1, 0, 30, 0), Supervision.Core.Domain.ChinaTime.LocalOf(utc));
    }
}
