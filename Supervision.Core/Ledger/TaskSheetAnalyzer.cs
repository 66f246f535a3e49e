using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Supervision.Core.Ledger;

/// <summary>The columns a 任务分解表 may have.</summary>
internal enum SheetColumn
{
    Seq,
    Category,
    Title,
    Content,
    Target,
    Lead,
    Assist,
    Units,
    Leader,
    Deadline,
    Remark,
}

/// <summary>
/// Reads the public layout of a 任务分解表 — title rows, a header row (or two, when 责任单位 is split into 牵头 and
/// 配合), category rows such as <c>一、扩大有效投资（15项）</c>, task rows — and checks every row against the
/// directory. Pure: everything it compares with comes in an <see cref="ImportContext"/>.
/// </summary>
internal static partial class TaskSheetAnalyzer
{
    // Header names people use, by column; compared after removing spaces and line breaks. Exact names are tried
    // before prefixes, so 责任单位（牵头） is the lead column and 责任单位 alone the combined one.
    private static readonly (SheetColumn Column, string[] Names)[] _headers =
    [
        (SheetColumn.Lead, ["牵头单位", "牵头部门", "主责单位", "牵头责任单位", "责任单位(牵头)", "牵头", "主办单位", "牵头单位(部门)", "牵头部门(单位)"]),
        (SheetColumn.Assist, ["配合单位", "协办单位", "配合部门", "协同单位", "参与单位", "责任单位(配合)", "配合", "协办", "会办单位", "协助单位", "配合单位(部门)"]),
        (SheetColumn.Units, ["责任单位", "责任部门", "承办单位", "落实单位", "实施单位", "责任主体", "责任单位(部门)"]),
        (SheetColumn.Leader, ["责任领导", "牵头领导", "分管领导", "牵头市领导", "责任市领导", "联系领导", "市领导", "分管市领导", "领衔领导", "牵头领导(市领导)"]),
        (SheetColumn.Deadline, ["完成时限", "完成时间", "时限", "时间节点", "完成期限", "时限要求", "办结时限", "完成时限要求", "时间要求", "完成时间节点"]),
        (SheetColumn.Seq, ["序号", "编号", "序"]),
        (SheetColumn.Content, ["任务内容", "工作任务", "重点任务", "工作内容", "主要任务", "具体任务", "目标任务", "重点工作", "任务事项", "督查事项", "工作事项", "任务", "主要内容", "具体内容", "工作举措", "主要工作", "工作措施", "重点工作任务", "任务及目标"]),
        (SheetColumn.Title, ["任务名称", "事项名称", "项目名称", "简称"]),
        (SheetColumn.Target, ["目标要求", "工作目标", "预期目标", "完成标准", "目标", "工作要求", "具体目标", "目标任务要求"]),
        (SheetColumn.Category, ["类别", "大类", "领域", "分类", "所属类别", "任务类别"]),
        (SheetColumn.Remark, ["备注", "说明"]),
    ];

    public static ImportPreview Analyze(IReadOnlyList<SheetGrid> sheets, string fileName, string sha256, ImportContext context)
    {
        if (context.PreviousImport is { } previous)
            return ImportPreview.Refused(fileName, sha256, context.Year, previous);

        for (var i = 0; i < sheets.Count; i++)
        {
            if (FindHeader(sheets[i]) is not { } header)
                continue;
            var preview = AnalyzeSheet(sheets[i], header, fileName, sha256, context);
            // One sheet is imported; a later sheet laid out as a 分解表 too would otherwise be left out unnoticed.
            var others = sheets.Skip(i + 1).Where(s => FindHeader(s) is { Missing.Count: 0 }).Select(s => s.Name).ToList();
            return others.Count == 0
                ? preview
                : preview with { SheetNotes = [$"本次只读取工作表「{sheets[i].Name}」；工作表「{string.Join("」「", others)}」也有任务表头，不会导入，如需导入请另存为单独的文件。"] };
        }

        return ImportPreview.Refused(fileName, sha256, context.Year,
            "未找到表头，或缺少必需的列。表头应包含“任务内容”、“牵头单位”（或“责任单位”）和“完成时限”，列的顺序不限。可下载导入模板对照。");
    }

    private sealed record Header(int DataStart, Dictionary<SheetColumn, int> Columns, IReadOnlyList<string> Missing);

    /// <summary>The header row is the one among the first 15 with the most recognised names (at least two).</summary>
    private static Header? FindHeader(SheetGrid sheet)
    {
        Header? best = null;
        var bestCount = 1;
        for (var r = 0; r < Math.Min(15, sheet.Cells.Count); r++)
        {
            var columns = new Dictionary<SheetColumn, int>();
            for (var c = 0; c < sheet.ColumnCount; c++)
            {
                if (Recognise(sheet.Cells[r][c]) is { } column && !columns.ContainsKey(column))
                    columns[column] = c;
            }

            if (columns.Count <= bestCount)
                continue;

            // Two-row headers: 责任单位 over 牵头单位 | 配合单位.
            var dataStart = r + 1;
            if (r + 1 < sheet.Cells.Count)
            {
                var sub = new Dictionary<SheetColumn, int>();
                for (var c = 0; c < sheet.ColumnCount; c++)
                {
                    if (Recognise(sheet.Cells[r + 1][c]) is { } column)
                        sub[column] = c;
                }

                if (sub.Count > 0 && sub.Keys.All(k => k is SheetColumn.Lead or SheetColumn.Assist or SheetColumn.Units or SheetColumn.Leader or SheetColumn.Deadline or SheetColumn.Target or SheetColumn.Remark))
                {
                    foreach (var (column, c) in sub)
                    {
                        foreach (var stale in columns.Where(kv => kv.Value == c).Select(kv => kv.Key).ToList())
                            columns.Remove(stale);
                        columns[column] = c;
                    }

                    if (columns.ContainsKey(SheetColumn.Lead) && columns.TryGetValue(SheetColumn.Units, out var group) && sub.ContainsKey(SheetColumn.Lead) && !sub.ContainsKey(SheetColumn.Units))
                        columns.Remove(SheetColumn.Units, out group);
                    dataStart = r + 2;
                }
            }

            if (!columns.ContainsKey(SheetColumn.Content) && columns.Remove(SheetColumn.Title, out var titleColumn))
                columns[SheetColumn.Content] = titleColumn;

            var missing = new List<string>();
            if (!columns.ContainsKey(SheetColumn.Content))
                missing.Add("任务内容");
            if (!columns.ContainsKey(SheetColumn.Lead) && !columns.ContainsKey(SheetColumn.Units))
                missing.Add("牵头单位（或责任单位）");
            if (!columns.ContainsKey(SheetColumn.Deadline))
                missing.Add("完成时限");
            bestCount = columns.Count;
            best = new Header(dataStart, columns, missing);
        }

        return best;
    }

    internal static SheetColumn? Recognise(string text)
    {
        var key = HeaderKey(text);
        if (key.Length == 0 || key.Length > 20)
            return null;
        foreach (var (column, names) in _headers)
        {
            if (names.Contains(key))
                return column;
        }

        foreach (var (column, names) in _headers)
        {
            if (names.Any(n => n.Length >= 2 && key.StartsWith(n, StringComparison.Ordinal) && key.Length - n.Length <= 8 && key[n.Length] is '(' or '/' or '及' or '、'))
                return column;
        }

        return null;
    }

    private static string HeaderKey(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch is '*' or '＊' or '：' or ':')
                continue;
            sb.Append(ch switch { '（' => '(', '）' => ')', _ => ch });
        }

        return sb.ToString();
    }

    private static ImportPreview AnalyzeSheet(SheetGrid sheet, Header header, string fileName, string sha256, ImportContext context)
    {
        if (header.Missing.Count > 0)
        {
            return ImportPreview.Refused(fileName, sha256, context.Year,
                $"工作表「{sheet.Name}」缺少必需的列：{string.Join("、", header.Missing)}。表头可以是任意顺序，可下载导入模板对照。");
        }

        var units = new UnitMatcher(context.Units);
        var categoriesByName = context.Categories.ToDictionary(c => CategoryKey(c.Name), c => c.Id);
        var categories = new List<ImportCategory>();
        var rows = new List<ImportRow>();
        var seen = new Dictionary<string, int>();
        string? currentCategory = null;
        var cols = header.Columns;
        string Cell(string[] row, SheetColumn column) => cols.TryGetValue(column, out var c) && c < row.Length ? row[c] : "";

        for (var r = header.DataStart; r < sheet.Cells.Count; r++)
        {
            var row = sheet.Cells[r];
            var rowNumber = r + sheet.FirstRowNumber;
            var filled = Enumerable.Range(0, row.Length).Where(c => row[c].Length > 0).ToList();
            if (filled.Count == 0)
                continue;

            var content = Cell(row, SheetColumn.Content);
            if (IsCategoryRow(sheet, r, row, filled, content, cols) is { } categoryText)
            {
                var (name, declared) = ParseCategory(categoryText);
                currentCategory = name;
                categories.Add(new ImportCategory(rowNumber, name, declared, categoriesByName.TryGetValue(CategoryKey(name), out var id) ? id : null, 0));
                continue;
            }

            if (rows.Count >= context.MaxRows)
            {
                return ImportPreview.Refused(fileName, sha256, context.Year, $"文件中的任务超过{context.MaxRows}项，请分批导入。");
            }

            rows.Add(AnalyzeRow(row, rowNumber, content, currentCategory, Cell, units, context, seen));
        }

        // Count the task rows under each category row and compare with the count it declares.
        var counted = new List<ImportCategory>();
        for (var i = 0; i < categories.Count; i++)
        {
            var from = categories[i].RowNumber;
            var to = i + 1 < categories.Count ? categories[i + 1].RowNumber : int.MaxValue;
            counted.Add(categories[i] with { TaskCount = rows.Count(x => x.RowNumber > from && x.RowNumber < to) });
        }

        // A new category is stated once, in the preview's category line, not repeated on each of its rows.
        var fileErrors = new List<string>();
        if (rows.Count == 0)
            fileErrors.Add($"工作表「{sheet.Name}」在表头之下没有任务行。");
        return new ImportPreview(fileName, sha256, context.Year, sheet.Name, fileErrors, counted, rows);
    }

    private static ImportRow AnalyzeRow(
        string[] row,
        int rowNumber,
        string content,
        string? category,
        Func<string[], SheetColumn, string> cell,
        UnitMatcher units,
        ImportContext context,
        Dictionary<string, int> seen)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var seq = cell(row, SheetColumn.Seq);
        content = content.Trim();
        var rowCategory = cell(row, SheetColumn.Category);
        if (rowCategory.Length > 0)
            category = ParseCategory(rowCategory).Name;

        if (content.Length == 0)
            errors.Add("任务内容为空");
        else if (content.Length > 4000)
            errors.Add($"任务内容有{content.Length}个字，超过4000字的上限");

        var title = cell(row, SheetColumn.Title).Trim();
        if (title.Length == 0 || title == content)
            title = TitleOf(content);
        if (title.Length > 100)
        {
            title = title[..99] + "…";
            warnings.Add("任务名称过长，已截取前100字");
        }

        var target = cell(row, SheetColumn.Target).Trim();
        if (target.Length > 2000)
            errors.Add("目标要求超过2000字的上限");

        // Units: a lead column (+ assisting column), or one 责任单位 column whose first unit leads.
        var leadNames = new List<string>();
        var assistNames = new List<string>();
        if (cell(row, SheetColumn.Lead) is { Length: > 0 } leadCell)
        {
            var names = UnitMatcher.Split(leadCell);
            leadNames.AddRange(names.Take(1));
            if (names.Count > 1)
            {
                assistNames.AddRange(names.Skip(1));
                warnings.Add($"牵头单位一栏有{names.Count}个单位，以第一个「{names[0]}」为牵头单位，其余作为配合单位");
            }
        }
        else if (cell(row, SheetColumn.Units) is { Length: > 0 } unitsCell)
        {
            var names = UnitMatcher.Split(unitsCell);
            leadNames.AddRange(names.Take(1));
            assistNames.AddRange(names.Skip(1));
        }

        assistNames.AddRange(UnitMatcher.Split(cell(row, SheetColumn.Assist)));

        UnitName? lead = null;
        if (leadNames.Count == 0)
            errors.Add("未填写牵头单位");
        else
            lead = Resolve(leadNames[0], units, errors);

        var assisting = new List<UnitName>();
        foreach (var name in assistNames)
        {
            if (Resolve(name, units, errors) is not { } unit)
                continue;
            if (lead is not null && unit.Id == lead.Id)
                warnings.Add($"「{name}」已是牵头单位，不再列为配合单位");
            else if (assisting.Any(a => a.Id == unit.Id))
                warnings.Add($"配合单位「{name}」重复，只计一次");
            else
                assisting.Add(unit);
        }

        // Leader: the cell may say 钱立恒, 钱立恒副市长 or 常务副市长钱立恒.
        int? leaderId = null;
        string? leaderName = null;
        var leaderCell = cell(row, SheetColumn.Leader).Trim();
        if (leaderCell.Length > 0)
        {
            var found = context.Leaders.Where(l => leaderCell.Contains(l.Name, StringComparison.Ordinal))
                .OrderBy(l => leaderCell.IndexOf(l.Name, StringComparison.Ordinal)).ToList();
            if (found.Count == 0)
                errors.Add($"责任领导「{leaderCell}」不在市领导名单中");
            else
            {
                leaderId = found[0].Id;
                leaderName = found[0].Name;
                if (found.Count > 1)
                    warnings.Add($"责任领导一栏有{found.Count}位领导，以第一位「{found[0].Name}」为责任领导");
            }
        }

        var deadlineText = cell(row, SheetColumn.Deadline).Trim();
        DateOnly? deadline = null;
        if (deadlineText.Length == 0)
            errors.Add("未填写完成时限");
        else
        {
            var reading = DeadlineParser.Parse(deadlineText, context.Year);
            if (!reading.IsRead)
                errors.Add($"无法识别完成时限「{deadlineText}」，请写成{DeadlineParser.Examples}");
            else if (reading.Date!.Value.Year < context.Year)
                errors.Add($"完成时限「{deadlineText}」早于{context.Year}年");
            else
            {
                deadline = reading.Date;
                if (reading.Note is { } note)
                    warnings.Add(note);
                if (deadline.Value.Year > context.Year)
                    warnings.Add($"完成时限为{Domain.DisplayNames.Date(deadline.Value)}，跨年度");
            }

            if (deadlineText.Length > 40)
            {
                warnings.Add("完成时限原文超过40字，已截取");
                deadlineText = deadlineText[..40];
            }
        }

        if (content.Length > 0)
        {
            var key = ContentKey(content);
            if (seen.TryGetValue(key, out var earlier))
                errors.Add($"与第{earlier}行内容重复");
            else
                seen[key] = rowNumber;
            if (context.ExistingContents.TryGetValue(key, out var number))
                errors.Add($"与已登记任务{number}内容相同，不能重复登记");
        }

        return new ImportRow(rowNumber, seq.Length == 0 ? null : seq, category, title, content, target.Length == 0 ? null : target,
            lead, assisting, leaderId, leaderName, deadlineText.Length == 0 ? null : deadlineText, deadline, errors, warnings)
        {
            WrittenLead = leadNames.FirstOrDefault(),
            WrittenAssisting = assistNames,
            WrittenLeader = leaderCell.Length == 0 ? null : leaderCell,
        };
    }

    private static UnitName? Resolve(string name, UnitMatcher units, List<string> errors)
    {
        var match = units.Match(name);
        if (!match.Found)
        {
            errors.Add(match.Problem);
            return null;
        }

        if (!match.Unit!.IsActive)
        {
            errors.Add($"单位「{match.Unit.Display}」已停用");
            return null;
        }

        return match.Unit;
    }

    /// <summary>
    /// A category row holds one text (often merged across the row) and no task content of its own:
    /// <c>一、扩大有效投资（15项）</c>, <c>（二）产业转型升级</c>, <c>第三部分 民生实事</c>, <c>民生实事（10项）</c>; or the
    /// numeral in the 序号 column and the name beside it (<c>一 | 扩大有效投资</c>).
    /// </summary>
    private static string? IsCategoryRow(SheetGrid sheet, int r, string[] row, List<int> filled, string content, Dictionary<SheetColumn, int> cols)
    {
        // 一 | 扩大有效投资（15项）: the category's numeral in the 序号 column and its name in one other cell. A task
        // row needs a unit and a deadline besides, so two cells with a Chinese numeral first are a category.
        if (filled.Count == 2 && cols.TryGetValue(SheetColumn.Seq, out var seqColumn) && filled[0] == seqColumn
            && CategoryNumeral().IsMatch(row[seqColumn]))
            return row[filled[1]];

        var texts = filled.Select(c => row[c]).Distinct().ToList();
        if (texts.Count != 1)
            return null;
        var text = texts[0];
        var mergedWide = sheet.MergeWidths.TryGetValue((r, filled[0]), out var width) && width >= 3;
        if (CategoryNumbering().IsMatch(text))
            return text;
        // 民生实事（10项） alone on its row: the stated count marks a heading even without numbering or merge.
        if (filled.Count == 1 && CategoryCount().IsMatch(text))
            return text;
        // An unnumbered heading merged across the row, with no sequence number.
        if (mergedWide && !(cols.TryGetValue(SheetColumn.Seq, out var s) && s == filled[0]) && content.Length == 0)
            return text;
        if (mergedWide && content == text && !cols.ContainsKey(SheetColumn.Seq))
            return text;
        return mergedWide && content == text ? text : null;
    }

    internal static (string Name, int? Declared) ParseCategory(string text)
    {
        var s = text.Trim();
        s = CategoryNumbering().Replace(s, "");
        int? declared = null;
        if (CategoryCount().Match(s) is { Success: true } m)
        {
            declared = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            s = s[..m.Index];
        }

        s = s.Trim().TrimEnd('：', ':', '。');
        return (s.Length > 40 ? s[..40] : s, declared);
    }

    /// <summary>The first clause of the content, without its numbering, at most 30 characters.</summary>
    internal static string TitleOf(string content)
    {
        var first = content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? content;
        first = TaskNumbering().Replace(first, "");
        var cut = first.IndexOfAny(['。', '；', ';', '：', ':', '，']);
        var title = cut >= 4 ? first[..cut] : first;
        title = title.Trim();
        return title.Length > 30 ? title[..29] + "…" : title;
    }

    internal static string ContentKey(string content)
    {
        var sb = new StringBuilder(content.Length);
        foreach (var ch in content)
        {
            if (!char.IsWhiteSpace(ch) && !char.IsPunctuation(ch))
                sb.Append(ch);
        }

        return sb.ToString();
    }

    private static string CategoryKey(string name) => ContentKey(name);

    [GeneratedRegex(@"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+(?:部分|类|项|章)[、.．:：\s]*)\s*")]
    private static partial Regex CategoryNumbering();

    [GeneratedRegex(@"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]?|第[一二三四五六七八九十]+(?:部分|类|项|章))\s*$")]
    private static partial Regex CategoryNumeral();

    [GeneratedRegex(@"[（(]\s*(?:共)?(?<n>\d+)\s*项\s*[)）]\s*$")]
    private static partial Regex CategoryCount();

    [GeneratedRegex(@"^\s*(?:\d+[、.．]|[（(]\d+[)）]|[①-⑳])\s*")]
    private static partial Regex TaskNumbering();
}
