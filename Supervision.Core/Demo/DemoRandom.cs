namespace Supervision.Core.Demo;

/// <summary>
/// A tiny deterministic generator (SplitMix64) for the demo city. Unlike <see cref="System.Random"/> its sequence is
/// fixed by this code alone, so the demo data cannot change with a runtime upgrade. Seeds come from stable string
/// hashes (FNV-1a), never from <see cref="string.GetHashCode()"/>, which is randomised per process.
/// </summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator whose sequence depends only on <paramref name="key"/>.</summary>
    public static DemoRandom For(string key) => new(Hash(key));

    public static ulong Hash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], both inclusive.</summary>
    public int Between(int min, int max) => max <= min ? min : min + (int)(NextUInt64() % (ulong)(max - min + 1));

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Between(0, items.Count - 1)];

    /// <summary><paramref name="count"/> distinct items in their original order.</summary>
    public List<T> PickDistinct<T>(IReadOnlyList<T> items, int count)
    {
        var indexes = Enumerable.Range(0, items.Count).ToList();
        var chosen = new List<int>();
        for (var i = 0; i < Math.Min(count, items.Count); i++)
        {
            var at = Between(0, indexes.Count - 1);
            chosen.Add(indexes[at]);
            indexes.RemoveAt(at);
        }

        chosen.Sort();
        return chosen.Select(i => items[i]).ToList();
    }
}
