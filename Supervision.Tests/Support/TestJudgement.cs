using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Tests;

/// <summary>Options that never change, for services built by hand in tests.</summary>
internal sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>The one judged model over a test database, as the web host registers it.</summary>
internal static class TestJudgement
{
    public static JudgementService For(SqliteTestDatabase db, TimeProvider clock, RuleThresholds? thresholds = null) =>
        For(db, db.Feed, clock, thresholds);

    public static JudgementService For(IDbContextFactory<SupervisionDbContext> db, IChangeFeed feed, TimeProvider clock, RuleThresholds? thresholds = null) =>
        new(db, feed, clock, new StaticOptions<RuleThresholds>(thresholds ?? RuleThresholds.Default), NullLogger<JudgementService>.Instance);
}
