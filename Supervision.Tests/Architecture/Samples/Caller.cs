namespace Supervision.Tests.Architecture.Samples.Caller;

/// <summary>Names the callee's folder only inside a method body, so only a reader of IL sees the dependency.</summary>
internal static class Caller
{
    public static int Total(int n) => Callee.Callee.Twice(n) + 1;
}
