namespace Supervision.Core.Documents;

/// <summary>Settings of the document engine (configuration section "Documents").</summary>
public sealed class DocumentOptions
{
    /// <summary>
    /// The font file of each GB/T 9704 role (<c>Documents:Fonts:FangSong</c> …): a .ttf/.ttc path, <c>path#N</c> for
    /// face N of a collection. A role left empty uses the known installed fonts, then its documented fallback.
    /// </summary>
    public DocumentFontFiles Fonts { get; set; } = new();

    /// <summary>
    /// Older setting, still read: the first file is the 宋体 role, the second the 黑体 role, each used when
    /// <see cref="Fonts"/> leaves that role empty.
    /// </summary>
    public List<string> FontFiles { get; set; } = [];

    /// <summary>The issuer's code in a bulletin's 文号, e.g. 澜政办通 gives 澜政办通〔2026〕12号.</summary>
    public string BulletinNumberPrefix { get; set; } = "澜政办通";

    /// <summary>Who a bulletin is addressed to (主送) unless the draft says otherwise.</summary>
    public string BulletinAddressees { get; set; } = "各县（市、区）人民政府，各开发区管委会，市政府各部门：";

    /// <summary>The drafted 抄送 of a bulletin's 版记; empty leaves the 抄送 line out.</summary>
    public string BulletinCopyTo { get; set; } = "市委办公室，市人大常委会办公室，市政协办公室，市纪委监委。";

    /// <summary>
    /// Number the completion table's tasks 1…N through the whole table instead of afresh in each category (the
    /// 统一编号 column identifies a task either way).
    /// </summary>
    public bool ContinuousNumbering { get; set; }
}

/// <summary>One font file per 公文 role (GB/T 9704-2012); each may be empty.</summary>
public sealed class DocumentFontFiles
{
    /// <summary>仿宋 (e.g. 仿宋_GB2312): body text, 主送, 文号, signature, 版记, table cells.</summary>
    public string? FangSong { get; set; }

    /// <summary>小标宋 (e.g. 方正小标宋简体): 发文机关标志 and 标题.</summary>
    public string? XiaoBiaoSong { get; set; }

    /// <summary>楷体 (e.g. 楷体_GB2312): 二级标题.</summary>
    public string? Kai { get; set; }

    /// <summary>黑体: 一级标题, the 附件 label, table headers.</summary>
    public string? Hei { get; set; }

    /// <summary>宋体: page numbers and chart labels, and the fallback of 仿宋, 小标宋 and 楷体.</summary>
    public string? Song { get; set; }
}
