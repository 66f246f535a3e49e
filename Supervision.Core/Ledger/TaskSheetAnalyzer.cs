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

    public static ImportPreview Analyze(WorkbookRead workbook, string fileName, string sha256, ImportContext context)
    {
        if (context.PreviousImport is { } previous)
            return ImportPreview.Refused(fileName, sha256, context.Year, previous);
        if (workbook.Error is { } error)
            return ImportPreview.Refused(fileName, sha256, context.Year, error);
        if (workbook.Sheet is not { } sheet || HeaderOf(sheet) is not { } header)
        {
            return ImportPreview.Refused(fileName, sha256, context.Year,
                "未找到表头，或缺少必需的列。表头应包含“任务内容”、“牵头单位”（或“责任单位”）和“完成时限”，列的顺序不限。可下载导入模板对照。");
        }

        var preview = AnalyzeSheet(sheet, header, fileName, sha256, context);
        // One sheet is imported; a later sheet laid out as a 分解表 too would otherwise be left out unnoticed.
        return workbook.OtherTaskSheets.Count == 0 || preview.IsRefused
            ? preview
            : preview with { SheetNotes = [$"本次只读取工作表「{sheet.Name}」；工作表「{string.Join("」「", workbook.OtherTaskSheets)}」也有任务表头，不会导入，如需导入请另存为单独的文件。"] };
    }

    /// <summary>Where the header is: the index in <see cref="SheetGrid.Rows"/> of the first data row, the columns found, the required ones missing.</summary>
    internal sealed record Header(int DataStart, Dictionary<SheetColumn, int> Columns, IReadOnlyList<string> Missing);

    /// <summary>The header row is the one among the first 15 with the most recognised names (at least two).</summary>
    internal static Header? HeaderOf(SheetGrid sheet)
    {
        Header? best = null;
        var bestCount = 1;
        for (var i = 0; i < sheet.Rows.Count && sheet.Rows[i].Number <= TaskSheetReader.HeadRows; i++)
        {
            var cells = sheet.Rows[i].Cells;
            var columns = new Dictionary<SheetColumn, int>();
            for (var c = 0; c < cells.Length; c++)
            {
                if (Recognise(cells[c]) is { } column && !columns.ContainsKey(column))
                    columns[column] = c;
            }

            if (columns.Count <= bestCount)
                continue;

            // Two-row headers: 责任单位 over 牵头单位 | 配合单位.
            var dataStart = i + 1;
            if (i + 1 < sheet.Rows.Count && sheet.Rows[i + 1].Number == sheet.Rows[i].Number + 1)
            {
                var next = sheet.Rows[i + 1].Cells;
                var sub = new Dictionary<SheetColumn, int>();
                for (var c = 0; c < next.Length; c++)
                {
                    if (Recognise(next[c]) is { } column)
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

                    if (columns.ContainsKey(SheetColumn.Lead) && columns.ContainsKey(SheetColumn.Units) && sub.ContainsKey(SheetColumn.Lead) && !sub.ContainsKey(SheetColumn.Units))
                        columns.Remove(SheetColumn.Units);
                    dataStart = i + 2;
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

        var directory = new DirectoryView(context);
        var categories = new List<ImportCategory>();
        var rows = new List<ImportRow>();
        var seen = new Dictionary<string, int>();
        string? currentCategory = null;
        var cols = header.Columns;
        var firstDataRow = header.DataStart < sheet.Rows.Count ? sheet.Rows[header.DataStart].Number : int.MaxValue;
        var filledDown = FillDown(sheet, firstDataRow);

        for (var i = header.DataStart; i < sheet.Rows.Count; i++)
        {
            var rowNumber = sheet.Rows[i].Number;
            var row = filledDown.TryGetValue(rowNumber, out var filled) ? filled.Cells : sheet.Rows[i].Cells;
            string Cell(SheetColumn column) => cols.TryGetValue(column, out var c) && c < row.Length ? row[c] : "";
            var nonEmpty = Enumerable.Range(0, row.Length).Where(c => row[c].Length > 0).ToList();
            if (nonEmpty.Count == 0)
                continue;

            var content = Cell(SheetColumn.Content);
            if (IsCategoryRow(sheet, rowNumber, row, nonEmpty, content, cols) is { } categoryText)
            {
                var (name, declared) = ParseCategory(categoryText);
                // A heading merged over two rows reads twice; it is one category.
                if (categories.Count > 0 && categories[^1].Name == name && rows.All(r => r.RowNumber < categories[^1].RowNumber))
                    continue;
                currentCategory = name;
                categories.Add(directory.Category(rowNumber, name, declared));
                continue;
            }

            if (rows.Count >= context.MaxRows)
                return ImportPreview.Refused(fileName, sha256, context.Year, $"文件中的任务超过每次最多导入{context.MaxRows}项任务的上限，请分批导入。");

            var contentFrom = filled is not null && cols.TryGetValue(SheetColumn.Content, out var contentColumn) && filled.From.TryGetValue(contentColumn, out var origin) ? origin : (int?)null;
            rows.Add(AnalyzeRow(rowNumber, content, contentFrom, currentCategory, Cell, directory, context, seen));
        }

        // Rows sharing one merged content are told apart by their lead unit, the first row too.
        var origins = rows.Where(r => r.SharedContentFrom is not null).Select(r => r.SharedContentFrom!.Value).ToHashSet();
        for (var i = 0; i < rows.Count; i++)
        {
            if (origins.Contains(rows[i].RowNumber) && rows[i].Lead is { } lead)
                rows[i] = rows[i] with { Title = WithUnit(rows[i].Title, lead) };
        }

        // Count the task rows under each category row; a 类别 column's names are listed once, at their first row.
        var counted = new List<ImportCategory>();
        for (var i = 0; i < categories.Count; i++)
        {
            var from = categories[i].RowNumber;
            var to = i + 1 < categories.Count ? categories[i + 1].RowNumber : int.MaxValue;
            counted.Add(categories[i] with { TaskCount = rows.Count(x => x.RowNumber > from && x.RowNumber < to && x.Category == categories[i].Name) });
        }

        foreach (var g in rows.Where(r => r.Category is { Length: > 0 }).GroupBy(r => ContentKey(r.Category!)))
        {
            if (counted.Any(c => ContentKey(c.Name) == g.Key))
                continue;
            var first = g.First();
            counted.Add(directory.Category(first.RowNumber, first.Category!, null) with { TaskCount = g.Count() });
        }

        var fileErrors = new List<string>();
        if (rows.Count == 0)
            fileErrors.Add($"工作表「{sheet.Name}」在表头之下没有任务行。");
        var tasks = rows.Sum(r => r.TaskCount);
        if (tasks > context.MaxRows)
            fileErrors.Add($"单位组展开后共{tasks}项任务，超过每次最多导入{context.MaxRows}项任务的上限，请分批导入。");
        return new ImportPreview(fileName, sha256, context.Year, sheet.Name, fileErrors, counted, rows) { Questions = directory.Questions() };
    }

    /// <summary>A data row whose cells were filled from vertical merges above, and for each filled column the row it came from.</summary>
    private sealed record FilledRow(string[] Cells, Dictionary<int, int> From);

    /// <summary>
    /// A value merged down over several rows (one 牵头单位 for three tasks, a 类别 column merged over its rows) belongs
    /// to each of them: rows that have values of their own get it, a row that is nothing but merged space stays empty.
    /// Only merges starting in the data area count, so a header merged over two rows is not copied into the first task.
    /// </summary>
    private static Dictionary<int, FilledRow> FillDown(SheetGrid sheet, int firstDataRow)
    {
        var result = new Dictionary<int, FilledRow>();
        var vertical = sheet.Merges.Where(m => m.SpansRows && m.FirstRow >= firstDataRow).ToList();
        if (vertical.Count == 0)
            return result;
        var byNumber = sheet.Rows.ToDictionary(r => r.Number);
        foreach (var merge in vertical)
        {
            if (!byNumber.TryGetValue(merge.FirstRow, out var top) || merge.FirstColumn >= top.Cells.Length || top.Cells[merge.FirstColumn].Length == 0)
                continue;
            for (var n = merge.FirstRow + 1; n <= merge.LastRow; n++)
            {
                if (!byNumber.TryGetValue(n, out var row))
                    continue;
                if (!result.TryGetValue(n, out var filled))
                    result[n] = filled = new FilledRow((string[])row.Cells.Clone(), []);
                if (merge.FirstColumn < filled.Cells.Length && filled.Cells[merge.FirstColumn].Length == 0)
                {
                    filled.Cells[merge.FirstColumn] = top.Cells[merge.FirstColumn];
                    filled.From[merge.FirstColumn] = merge.FirstRow;
                }
            }
        }

        return result;
    }

    private static ImportRow AnalyzeRow(
        int rowNumber,
        string content,
        int? contentFrom,
        string? category,
        Func<SheetColumn, string> cell,
        DirectoryView directory,
        ImportContext context,
        Dictionary<string, int> seen)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var seq = cell(SheetColumn.Seq);
        content = content.Trim();
        var rowCategory = cell(SheetColumn.Category);
        if (rowCategory.Length > 0)
            category = ParseCategory(rowCategory).Name;

        if (content.Length == 0)
            errors.Add("任务内容为空");
        else if (content.Length > 4000)
            errors.Add($"任务内容有{content.Length}个字，超过4000字的上限");

        var title = cell(SheetColumn.Title).Trim();
        if (title.Length == 0 || title == content)
            title = TitleOf(content);
        if (title.Length > 100)
        {
            title = title[..99] + "…";
            warnings.Add("任务名称过长，已截取前100字");
        }

        var target = cell(SheetColumn.Target).Trim();
        if (target.Length > 2000)
            errors.Add("目标要求超过2000字的上限");

        var units = directory.Units(rowNumber, cell(SheetColumn.Lead), cell(SheetColumn.Units), cell(SheetColumn.Assist), errors, warnings);

        // Leader: the cell may say 钱立恒, 钱立恒副市长, 常务副市长钱立恒, 王副市长 or 常务副市长; the first named leads.
        int? leaderId = null;
        string? leaderName = null;
        var leaderCell = cell(SheetColumn.Leader).Trim();
        if (leaderCell.Length > 0 && directory.Leader(rowNumber, leaderCell, errors, warnings) is { } leader)
        {
            leaderId = leader.Id;
            leaderName = leader.Name;
        }

        var deadlineText = cell(SheetColumn.Deadline).Trim();
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
                if (context.Today is { } today && deadline.Value < today)
                    warnings.Add($"完成时限{Domain.DisplayNames.Date(deadline.Value)}早于导入当天（{Domain.DisplayNames.Date(today)}），导入后即为逾期");
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
            {
                // Content merged over several rows, each with its own unit: one task per row, as the sheet lays it out.
                if (contentFrom == earlier)
                    warnings.Add($"与第{earlier}行共用合并单元格中的任务内容，作为单独一项任务导入");
                else
                    errors.Add($"与第{earlier}行内容重复");
            }
            else
                seen[key] = rowNumber;
            if (context.ExistingContents.TryGetValue(key, out var number))
                errors.Add($"与已登记任务{number}内容相同，不能重复登记");
        }

        if (contentFrom is not null && units.Lead is { } shared)
            title = WithUnit(title, shared);

        return new ImportRow(rowNumber, seq.Length == 0 ? null : seq, category, title, content, target.Length == 0 ? null : target,
            units.Lead, units.Assisting, leaderId, leaderName, deadlineText.Length == 0 ? null : deadlineText, deadline, errors, warnings)
        {
            CategoryId = category is null ? null : directory.CategoryId(category),
            SplitLeads = units.SplitLeads,
            LeadGroups = units.LeadGroups,
            AssistingGroups = units.AssistingGroups,
            WrittenLead = units.WrittenLead,
            WrittenAssisting = units.WrittenAssisting,
            UnmatchedUnits = units.Unmatched,
            WrittenLeader = leaderCell.Length == 0 ? null : leaderCell,
            SharedContentFrom = contentFrom,
        };
    }

    /// <summary>A title told apart by its unit: 建设口袋公园10个（澜东区）, within the 100 characters a title may have.</summary>
    internal static string WithUnit(string title, UnitName unit) =>
        title.EndsWith($"（{unit.Display}）", StringComparison.Ordinal) ? title : Truncate(title, 100 - unit.Display.Length - 2) + $"（{unit.Display}）";

    private static string Truncate(string s, int max) => s.Length > max ? s[..Math.Max(0, max - 1)] + "…" : s;

    /// <summary>The units of one row, as resolved.</summary>
    private sealed record RowUnits(
        UnitName? Lead,
        IReadOnlyList<UnitName> SplitLeads,
        IReadOnlyList<string> LeadGroups,
        IReadOnlyList<UnitName> Assisting,
        IReadOnlyList<UnitGroupName> AssistingGroups,
        string? WrittenLead,
        IReadOnlyList<string> WrittenAssisting,
        IReadOnlyList<string> Unmatched);

    /// <summary>
    /// The directory as one analysis sees it: units, groups, leaders and categories with the answers given so far,
    /// and the questions raised for names none of them settles (asked once, for every row writing the name).
    /// </summary>
    private sealed class DirectoryView
    {
        private readonly ImportContext _context;
        private readonly UnitMatcher _units;
        private readonly LeaderMatcher _leaders;
        private readonly Dictionary<int, UnitName> _unitById;
        private readonly Dictionary<int, UnitGroupName> _groupById;
        private readonly Dictionary<string, CategoryName> _categoryByKey = new(StringComparer.Ordinal);
        private readonly Dictionary<(ImportNameKind, string), (ImportQuestion Question, SortedSet<int> Rows)> _questions = [];

        public DirectoryView(ImportContext context)
        {
            _context = context;
            _units = new UnitMatcher(context.Units, context.Groups);
            _leaders = new LeaderMatcher(context.Leaders);
            _unitById = context.Units.ToDictionary(u => u.Id);
            _groupById = context.Groups.ToDictionary(g => g.Id);
            foreach (var c in context.Categories)
            {
                foreach (var name in c.Aliases.Prepend(c.Name))
                    _categoryByKey.TryAdd(ContentKey(name), c);
            }
        }

        public IReadOnlyList<ImportQuestion> Questions() =>
            _questions.Values.OrderBy(q => q.Rows.Min).Select(q => q.Question with { Rows = q.Rows.ToList() }).ToList();

        private void Ask(ImportQuestion question, string key, int row)
        {
            if (!_questions.TryGetValue((question.Kind, key), out var q))
                _questions[(question.Kind, key)] = q = (question, []);
            q.Rows.Add(row);
        }

        /// <summary>
        /// Lead and assisting units of a row. The lead position is the 牵头单位 cell, else the 责任单位 cell's first name;
        /// groups written first there (各县（市）区政府、各开发区管委会) make every member lead its own copy; other names
        /// of the cell and the 配合单位 cell assist, a group among them adding all its members.
        /// </summary>
        public RowUnits Units(int row, string leadCell, string unitsCell, string assistCell, List<string> errors, List<string> warnings)
        {
            var fromLeadColumn = leadCell.Length > 0;
            var written = UnitMatcher.Split(fromLeadColumn ? leadCell : unitsCell);
            var writtenAssisting = UnitMatcher.Split(assistCell);
            var resolved = written.Select(n => (Name: n, Entry: Resolve(row, n, errors))).ToList();
            var unmatched = new List<string>();

            UnitName? lead = null;
            var splitLeads = new List<UnitName>();
            var leadGroups = new List<string>();
            var rest = new List<(string Name, Entry? Entry)>();
            if (resolved.Count == 0)
                errors.Add("未填写牵头单位");
            else
            {
                var i = 0;
                while (i < resolved.Count && resolved[i].Entry?.Group is { } group)
                {
                    leadGroups.Add(group.Name);
                    if (group.Members.Count == 0)
                        errors.Add($"单位组「{group.Name}」没有在用的成员单位，请在单位名录的“单位组”中设置");
                    splitLeads.AddRange(group.Members.Where(m => splitLeads.All(s => s.Id != m.Id)));
                    i++;
                }

                if (i == 0)
                {
                    lead = resolved[0].Entry?.Unit;
                    i = 1;
                }

                rest.AddRange(resolved.Skip(i));
                if (fromLeadColumn && rest.Count > 0)
                {
                    warnings.Add(leadGroups.Count > 0
                        ? $"牵头单位一栏在单位组之后还写了{rest.Count}个单位，作为配合单位"
                        : $"牵头单位一栏有{written.Count}个单位，以第一个「{written[0]}」为牵头单位，其余作为配合单位");
                }

                if (splitLeads.Count > 0)
                    warnings.Add($"「{string.Join("、", leadGroups)}」共{splitLeads.Count}个单位分别牵头落实，本行导入为{splitLeads.Count}项任务（每个单位一项，各自报送）");
            }

            rest.AddRange(writtenAssisting.Select(n => (n, Resolve(row, n, errors))));
            unmatched.AddRange(resolved.Concat(rest).Where(x => x.Entry is null).Select(x => UnitMatcher.Cleaned(x.Name)).Distinct());

            var assisting = new List<UnitName>();
            var assistingGroups = new List<UnitGroupName>();
            foreach (var (name, entry) in rest)
            {
                if (entry?.Unit is { } unit)
                {
                    if (lead is not null && unit.Id == lead.Id)
                        warnings.Add($"「{name}」已是牵头单位，不再列为配合单位");
                    else if (assisting.Any(a => a.Id == unit.Id))
                        warnings.Add($"配合单位「{name}」重复，只计一次");
                    else
                        assisting.Add(unit);
                }
                else if (entry?.Group is { } group)
                {
                    assistingGroups.Add(group);
                    // A group adds its members as assisting units, each of which reports its part (配合落实情况).
                    assisting.AddRange(group.Members.Where(m => m.Id != lead?.Id && assisting.All(a => a.Id != m.Id)));
                }
            }

            return new RowUnits(lead, splitLeads, leadGroups, assisting, assistingGroups, written.FirstOrDefault(), writtenAssisting, unmatched);
        }

        private sealed record Entry(UnitName? Unit, UnitGroupName? Group);

        /// <summary>A written unit name as a unit or a group: the person's answer first, then the directory; otherwise a question.</summary>
        private Entry? Resolve(int row, string name, List<string> errors)
        {
            var key = UnitMatcher.Key(name);
            if (_context.Choices.For(ImportNameKind.Unit, key) is { } answer)
            {
                if (answer.Target == ImportTargetKind.Unit && _unitById.TryGetValue(answer.Id, out var chosen) && chosen.IsActive)
                    return new Entry(chosen, null);
                if (answer.Target == ImportTargetKind.Group && _groupById.TryGetValue(answer.Id, out var chosenGroup))
                    return new Entry(null, chosenGroup);
            }

            var match = _units.Match(name);
            if (match.Group is { } group)
                return new Entry(null, group);
            if (match.Unit is { IsActive: true } unit)
                return new Entry(unit, null);
            if (match.Unit is { } inactive)
            {
                var problem = $"单位「{inactive.Display}」已停用";
                errors.Add(problem);
                Ask(new ImportQuestion(ImportNameKind.Unit, match.Written, problem + "，请选择接替它的单位", [], _units.Suggest(key, inactive.Id)), key, row);
                return null;
            }

            errors.Add(match.Problem);
            Ask(new ImportQuestion(ImportNameKind.Unit, match.Written, $"单位「{match.Written}」不在单位名录中", [], match.Options), key, row);
            return null;
        }

        /// <summary>The responsible leader: the first leader the cell names (the person's answer first, then the directory).</summary>
        public LeaderName? Leader(int row, string cell, List<string> errors, List<string> warnings)
        {
            var parts = LeaderMatcher.Split(cell);
            if (parts.Count == 0)
                return null;
            var first = parts[0];
            var key = LeaderMatcher.Key(first);
            LeaderName? leader = null;
            if (_context.Choices.For(ImportNameKind.Leader, key) is { Target: ImportTargetKind.Leader } answer)
                leader = _context.Leaders.FirstOrDefault(l => l.Id == answer.Id);
            if (leader is null)
            {
                var match = _leaders.Match(first);
                if (!match.Found)
                {
                    errors.Add(match.Problem);
                    var options = (match.Candidates.Count > 0 ? match.Candidates : []).Select(l => new ImportOption(ImportTargetKind.Leader, l.Id, l.Display)).ToList();
                    var problem = match.Ambiguous ? $"责任领导「{match.Written}」对应多位市领导" : match.Candidates.Count > 0 ? $"责任领导「{match.Written}」与名单中的职务不完全一致" : $"责任领导「{match.Written}」不在市领导名单中";
                    Ask(new ImportQuestion(ImportNameKind.Leader, match.Written, problem, [], options) { Ambiguous = match.Ambiguous }, key, row);
                    return null;
                }

                leader = match.Leader!;
            }

            if (parts.Count > 1)
                warnings.Add($"责任领导一栏有{parts.Count}位领导，以第一位「{leader.Name}」为责任领导");
            return leader;
        }

        /// <summary>A category name of the file as the preview lists it: matched by name or alias, by the person's answer, or new.</summary>
        public ImportCategory Category(int rowNumber, string name, int? declared)
        {
            var key = ContentKey(name);
            var existing = Find(key);
            ImportOption? suggestion = null;
            if (existing is null && key.Length > 0)
            {
                // 聚焦扩大有效投资，着力稳住经济大盘 contains 扩大有效投资: offered, never applied unasked.
                var containing = _context.Categories.Where(c => ContentKey(c.Name) is { Length: >= 2 } k && (key.Contains(k, StringComparison.Ordinal) || k.Contains(key, StringComparison.Ordinal))).ToList();
                if (containing.Count == 1)
                    suggestion = new ImportOption(ImportTargetKind.Category, containing[0].Id, containing[0].Name);
            }

            return new ImportCategory(rowNumber, name, declared, existing?.Id, 0)
            {
                MappedTo = existing is not null && ContentKey(existing.Name) != key ? existing.Name : null,
                Suggestion = suggestion,
            };
        }

        /// <summary>The year's category a name of the file goes to, or null when the import creates it.</summary>
        public int? CategoryId(string name) => Find(ContentKey(name))?.Id;

        private CategoryName? Find(string key)
        {
            if (_context.Choices.For(ImportNameKind.Category, key) is { Target: ImportTargetKind.Category } answer
                && _context.Categories.FirstOrDefault(c => c.Id == answer.Id) is { } chosen)
                return chosen;
            return _categoryByKey.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// A category row holds one text (often merged across the row) and no task content of its own:
    /// <c>一、扩大有效投资（15项）</c>, <c>（二）产业转型升级</c>, <c>第三部分 民生实事</c>, <c>民生实事（10项）</c>; or the
    /// numeral in the 序号 column and the name beside it (<c>一 | 扩大有效投资</c>).
    /// </summary>
    private static string? IsCategoryRow(SheetGrid sheet, int rowNumber, string[] row, List<int> filled, string content, Dictionary<SheetColumn, int> cols)
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
        var mergedWide = sheet.MergeWidth(rowNumber, filled[0]) >= 3;
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

    [GeneratedRegex(@"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+(?:部分|类|项|章)[、.．:：\s]*)\s*")]
    private static partial Regex CategoryNumbering();

    [GeneratedRegex(@"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]?|第[一二三四五六七八九十]+(?:部分|类|项|章))\s*$")]
    private static partial Regex CategoryNumeral();

    [GeneratedRegex(@"[（(]\s*(?:共)?(?<n>\d+)\s*项\s*[)）]\s*$")]
    private static partial Regex CategoryCount();

    [GeneratedRegex(@"^\s*(?:\d+[、.．]|[（(]\d+[)）]|[①-⑳])\s*")]
    private static partial Regex TaskNumbering();
}
