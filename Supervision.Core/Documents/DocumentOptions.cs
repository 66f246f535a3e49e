namespace Supervision.Core.Documents;

/// <summary>Settings of the document engine (configuration section "Documents").</summary>
public sealed class DocumentOptions
{
    /// <summary>
    /// TrueType (.ttf/.ttc) files to use before the known system fonts: the first is the body (宋体-like) face,
    /// the second, when given, the heading (黑体-like) face. A path may end in <c>#N</c> to pick face N of a collection.
    /// </summary>
    public List<string> FontFiles { get; set; } = [];

    /// <summary>The issuer's code in a bulletin's 文号, e.g. 澜政办通 gives 澜政办通〔2026〕12号.</summary>
    public string BulletinNumberPrefix { get; set; } = "澜政办通";

    /// <summary>Who a bulletin is addressed to (主送) unless the draft says otherwise.</summary>
    public string BulletinAddressees { get; set; } = "各县（市、区）人民政府，各开发区管委会，市政府各部门：";
}
