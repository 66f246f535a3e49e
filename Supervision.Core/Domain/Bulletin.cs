namespace Supervision.Core.Domain;

/// <summary>Whether a bulletin is still being edited or has been issued (and is then frozen).</summary>
public enum BulletinState
{
    Draft = 0,
    Issued = 1,
}

/// <summary>
/// A period's 通报: the text a person edited from the drafted one, and once issued its 文号 and the stored bytes
/// of the PDF and the completion table. Issued bulletins never change; the hashes go into the audit record.
/// </summary>
public sealed class Bulletin : Recorded, IVersioned
{
    private Bulletin()
    {
        PeriodKey = "";
        Title = "";
        Addressees = "";
        Opening = "";
        Overall = "";
        Progress = "";
        Problems = "";
        Requirements = "";
        Issuer = "";
        CopyTo = "";
        UpdatedByName = "";
    }

    /// <summary>Saves the first edited draft of a period's bulletin.</summary>
    public Bulletin(string periodKey, int year, BulletinTextFields text, Actor actor, DateTime at)
        : this()
    {
        PeriodKey = Guard.Text(periodKey, "报告期", 10);
        Year = year;
        Apply(text, actor, at);
        Record("bulletin.drafted", $"保存{periodKey}通报草稿", actor, at);
    }

    public int Id { get; private set; }
    public string PeriodKey { get; private set; }
    public int Year { get; private set; }
    public string Title { get; private set; }
    public string Addressees { get; private set; }
    public string Opening { get; private set; }
    public string Overall { get; private set; }

    /// <summary>二、工作进展情况.</summary>
    public string Progress { get; private set; }

    public string Problems { get; private set; }
    public string Requirements { get; private set; }
    public string Issuer { get; private set; }

    /// <summary>抄送 of the 版记; empty when the bulletin is copied to no one.</summary>
    public string CopyTo { get; private set; }

    public BulletinState State { get; private set; }

    /// <summary>Sequence of the 文号 within the year (12 in 澜政办通〔2026〕12号).</summary>
    public int? Sequence { get; private set; }

    /// <summary>文号, e.g. 澜政办通〔2026〕12号; set on issue.</summary>
    public string? Number { get; private set; }

    /// <summary>成文日期.</summary>
    public DateOnly? IssuedOn { get; private set; }

    public DateTime? IssuedAt { get; private set; }
    public string? IssuedByName { get; private set; }
    public int? PdfDocumentId { get; private set; }
    public int? TableDocumentId { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedByName { get; private set; }
    public long Version { get; private set; }

    /// <summary>The edited text; refused once issued.</summary>
    public void Edit(BulletinTextFields text, Actor actor, DateTime at)
    {
        EnsureDraft();
        Apply(text, actor, at);
        Record("bulletin.edited", $"修改{PeriodKey}通报草稿", actor, at);
    }

    /// <summary>
    /// Freezes the bulletin under its 文号 with the stored PDF and table; their SHA-256 go into the audit record so
    /// that any later change to the stored bytes is detectable.
    /// </summary>
    public void Issue(int sequence, string number, DateOnly issuedOn, IssuedDocument pdf, IssuedDocument table, Actor actor, DateTime at)
    {
        EnsureDraft();
        Sequence = sequence;
        Number = Guard.Text(number, "文号", 40);
        IssuedOn = issuedOn;
        IssuedAt = at;
        IssuedByName = actor.Name;
        PdfDocumentId = pdf.Id;
        TableDocumentId = table.Id;
        State = BulletinState.Issued;
        Record("bulletin.issued", $"签发通报{number}（{PeriodKey}）；通报PDF SHA-256 {pdf.Sha256}；完成情况表 SHA-256 {table.Sha256}", actor, at);
    }

    private void EnsureDraft()
    {
        if (State == BulletinState.Issued)
            throw new DomainException($"通报已签发（{Number}），不能再修改。");
    }

    private void Apply(BulletinTextFields text, Actor actor, DateTime at)
    {
        const int max = 20000;
        Title = Guard.Text(text.Title, "标题", 200);
        Addressees = Guard.Text(text.Addressees, "主送机关", 500);
        Opening = Guard.OptionalText(text.Opening, "导语", max) ?? "";
        Overall = Guard.Text(text.Overall, "总体情况", max);
        Progress = Guard.OptionalText(text.Progress, "工作进展情况", max) ?? "";
        Problems = Guard.OptionalText(text.Problems, "存在的主要问题", max) ?? "";
        Requirements = Guard.OptionalText(text.Requirements, "工作要求", max) ?? "";
        Issuer = Guard.Text(text.Issuer, "发文机关署名", 60);
        CopyTo = Guard.OptionalText(text.CopyTo, "抄送", 500) ?? "";
        UpdatedAt = at;
        UpdatedByName = actor.Name;
    }
}

/// <summary>The editable parts of a bulletin as the domain receives them.</summary>
public sealed record BulletinTextFields(string Title, string Addressees, string Opening, string Overall, string Progress, string Problems, string Requirements, string Issuer, string CopyTo);

/// <summary>
/// A document file as it was issued (通报 PDF, 完成情况表): its bytes and their SHA-256. Rows are only inserted;
/// downloading an issued document always returns these bytes.
/// </summary>
public sealed class IssuedDocument
{
    private IssuedDocument()
    {
        Kind = "";
        PeriodKey = "";
        FileName = "";
        ContentType = "";
        Sha256 = "";
        Content = [];
    }

    public IssuedDocument(string kind, string periodKey, string fileName, string contentType, byte[] content, DateTime at)
        : this()
    {
        Kind = kind;
        PeriodKey = periodKey;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Length = content.LongLength;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        CreatedAt = at;
    }

    public int Id { get; private set; }

    /// <summary>bulletin.pdf or completion.xlsx.</summary>
    public string Kind { get; private set; }

    public string PeriodKey { get; private set; }
    public string FileName { get; private set; }
    public string ContentType { get; private set; }
    public byte[] Content { get; private set; }
    public long Length { get; private set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public string Sha256 { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
