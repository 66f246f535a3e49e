namespace Supervision.Core.Domain;

/// <summary>Per-key counter for numbers that are given once and never reused (统一编号, 通知单号).</summary>
public sealed class NumberSequence
{
    private NumberSequence()
    {
        Key = "";
    }

    public NumberSequence(string key, int last)
    {
        Key = key;
        Last = last;
    }

    public string Key { get; private set; }
    public int Last { get; private set; }
}
