namespace Supervision.Core.Domain;

/// <summary>
/// Where a unit's notifications are also pushed: the address of a 钉钉 / 企业微信 group robot (or any endpoint that
/// takes the same JSON). One per unit; the office's own is the row without a unit.
/// </summary>
public sealed class UnitWebhook : IVersioned
{
    private UnitWebhook()
    {
        Url = "";
    }

    internal UnitWebhook(int? unitId, string url, bool enabled, DateTime at)
    {
        UnitId = unitId;
        Set(url, enabled, at);
        Url = url;
    }

    public int Id { get; private set; }
    public int? UnitId { get; private set; }
    public string Url { get; private set; }
    public bool Enabled { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public long Version { get; private set; }

    internal void Set(string url, bool enabled, DateTime at)
    {
        Url = url;
        Enabled = enabled;
        UpdatedAt = at;
    }
}
