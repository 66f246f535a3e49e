using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Core.Data;
using Supervision.Core.Judging;
using Supervision.Core.Rules;

namespace Supervision.Benchmarks;

/// <summary>Options that never change, for services built by hand.</summary>
internal sealed class Fixed<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>The one judged model over a benchmark database.</summary>
internal static class BenchJudgement
{
    public static JudgementService For(IDbContextFactory<SupervisionDbContext> db, TimeProvider clock, IChangeFeed? feed = null) =>
        new(db, feed ?? new InProcessChangeFeed(), clock, new Fixed<RuleThresholds>(RuleThresholds.Default), NullLogger<JudgementService>.Instance);
}
