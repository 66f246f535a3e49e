namespace Supervision.Tests.Architecture.Samples.Callee;

/// <summary>Names the caller's folder in a signature, closing a loop with <see cref="Caller.Caller"/>.</summary>
internal static class Callee
{
    public static int Twice(int n) => n * 2;

    public static Type Back() => typeof(Caller.Caller);
}
