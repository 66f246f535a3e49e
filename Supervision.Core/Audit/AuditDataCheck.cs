using System.Globalization;
using System.Text.Json;
using Supervision.Core.Data.AuditTrail;
using Supervision.Core.Domain;

namespace Supervision.Core.Audit;

/// <summary>How a row differs from what the record says the app wrote.</summary>
public enum DataFindingKind
{
    /// <summary>The row differs from the latest state recorded for it.</summary>
    Edited,

    /// <summary>The row has no recorded state at all (or the record says it was deleted).</summary>
    Inserted,

    /// <summary>The record holds a state for the row, and no event deleted it.</summary>
    Deleted,

    /// <summary>When the app next changed the row, it found it already different from the record (an outside edit the app's change then covered).</summary>
    ChangedBefore,
}

/// <summary>One field that differs, with both values as people read them.</summary>
public sealed record FieldDifference(string Field, string? Recorded, string? Current);

/// <summary>A task, report, spot check or decision whose row does not match the record.</summary>
/// <param name="Entity">Which record, in words (任务2026-ZD-003的2026年3月进展报告).</param>
/// <param name="TaskNumber">The task it belongs to, when it belongs to one.</param>
/// <param name="Sequence">For <see cref="DataFindingKind.ChangedBefore"/>: the event whose save found the change.</param>
public sealed record DataFinding(DataFindingKind Kind, string EntityType, int EntityId, string Entity, string? TaskNumber, IReadOnlyList<FieldDifference> Fields, long? Sequence = null, DateTime? At = null)
{
    /// <summary>One Chinese sentence.</summary>
    public string Describe()
    {
        var fields = string.Join("；", Fields.Select(f => $"「{f.Field}」审计记录为{f.Recorded ?? "（无）"}，{(Kind == DataFindingKind.ChangedBefore ? "当时" : "现")}为{f.Current ?? "（无）"}"));
        return Kind switch
        {
            DataFindingKind.Edited => $"{Entity}在应用之外被改动：{fields}。",
            DataFindingKind.Inserted => $"{Entity}不在审计记录中：它是在应用之外插入的。",
            DataFindingKind.Deleted => $"{Entity}已从数据库中消失，审计记录中没有删除它的操作：它是在应用之外被删除的。",
            _ => $"{Entity}在第{Sequence}条记录（{(At is { } at ? AuditText.Time(at) : "")}）之前已在应用之外被改动，之后又经应用修改：{fields}。",
        };
    }
}

/// <summary>Names the verifier shows instead of ids.</summary>
public sealed record AuditNames(
    IReadOnlyDictionary<int, string> Units,
    IReadOnlyDictionary<int, string> Leaders,
    IReadOnlyDictionary<int, string> Categories,
    IReadOnlyDictionary<int, string> TaskNumbers);

/// <summary>
/// Compares the current rows of the audited entities with the latest state the record holds for each, and turns every
/// difference into a finding that names the record (task number) and the field.
/// </summary>
public static class AuditDataCheck
{
    /// <summary>Every audited row that differs, appeared or disappeared outside the app, plus outside edits the app later covered.</summary>
    internal static List<DataFinding> Compare(AuditVerifier.ChainScan scan, IReadOnlyDictionary<(string Type, int Id), string> current, AuditNames names)
    {
        var findings = new List<DataFinding>();
        foreach (var (key, state) in current.OrderBy(k => k.Key.Type, StringComparer.Ordinal).ThenBy(k => k.Key.Id))
        {
            if (!scan.Latest.TryGetValue(key, out var recorded) || recorded.State == AuditedState.Deleted)
                findings.Add(Finding(DataFindingKind.Inserted, key, state, [], names, scan));
            else if (!string.Equals(recorded.State, state, StringComparison.Ordinal))
                findings.Add(Finding(DataFindingKind.Edited, key, state, Diff(recorded.State, state, names), names, scan));
        }

        foreach (var (key, recorded) in scan.Latest.OrderBy(k => k.Key.Type, StringComparer.Ordinal).ThenBy(k => k.Key.Id))
        {
            if (recorded.State != AuditedState.Deleted && AuditedState.Of(key.Type) is not null && !current.ContainsKey(key))
                findings.Add(Finding(DataFindingKind.Deleted, key, recorded.State, [], names, scan));
        }

        foreach (var before in scan.Befores)
        {
            var key = (before.Type, before.Id);
            var finding = Finding(DataFindingKind.ChangedBefore, key, before.Recorded ?? before.Found, Diff(before.Recorded ?? "{}", before.Found, names), names, scan);
            findings.Add(finding with { Sequence = before.Sequence, At = before.OccurredAt });
        }

        return findings;
    }

    /// <summary>The fields in which two states differ, labelled and with readable values.</summary>
    public static IReadOnlyList<FieldDifference> Diff(string recorded, string current, AuditNames names)
    {
        var a = Flatten(recorded, names);
        var b = Flatten(current, names);
        var differences = new List<FieldDifference>();
        foreach (var (path, was) in a)
        {
            if (!b.TryGetValue(path, out var now))
                differences.Add(new FieldDifference(was.Label, was.Display, null));
            else if (!string.Equals(was.Raw, now.Raw, StringComparison.Ordinal))
                differences.Add(new FieldDifference(was.Label, was.Display, Distinguish(was, now)));
        }

        foreach (var (path, now) in b)
        {
            if (!a.ContainsKey(path))
                differences.Add(new FieldDifference(now.Label, null, now.Display));
        }

        // An element present on one side only is named once, not with each of its fields.
        var whole = differences.Where(d => d.Recorded is null || d.Current is null).Where(d => d.Field.EndsWith("（整项）", StringComparison.Ordinal)).Select(d => d.Field[..^"（整项）".Length]).ToList();
        return differences.Where(d => d.Field.EndsWith("（整项）", StringComparison.Ordinal) || !whole.Any(w => d.Field.StartsWith(w + "·", StringComparison.Ordinal))).ToList();
    }

    // Two long texts may read the same in their first words; then say where they part.
    private static string? Distinguish(Leaf was, Leaf now)
    {
        if (!string.Equals(was.Display, now.Display, StringComparison.Ordinal) || was.Raw is null || now.Raw is null)
            return now.Display;
        var at = 0;
        while (at < was.Raw.Length && at < now.Raw.Length && was.Raw[at] == now.Raw[at])
            at++;
        return $"{now.Display}（自第{Math.Max(at, 1)}个字起不同）";
    }

    private readonly record struct Leaf(string Label, string? Raw, string? Display);

    private static DataFinding Finding(DataFindingKind kind, (string Type, int Id) key, string state, IReadOnlyList<FieldDifference> fields, AuditNames names, AuditVerifier.ChainScan scan)
    {
        var (entity, number) = Describe(key, state, names, scan);
        return new DataFinding(kind, key.Type, key.Id, entity, number, fields);
    }

    private static (string Entity, string? TaskNumber) Describe((string Type, int Id) key, string state, AuditNames names, AuditVerifier.ChainScan scan)
    {
        using var document = Parse(state);
        var root = document?.RootElement;
        string? Text(string name) => root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int? Int(string name) => root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

        var label = AuditedState.Of(key.Type)?.Label ?? key.Type;
        if (key.Type == nameof(SupervisionTask))
        {
            var number = Text("Number") ?? names.TaskNumbers.GetValueOrDefault(key.Id);
            return (number is null ? $"任务（编号{key.Id}）" : $"任务{number}", number);
        }

        var taskNumber = Int("TaskId") is { } taskId ? TaskNumberOf(taskId, names, scan) : null;
        var owner = taskNumber is null ? "" : $"任务{taskNumber}的";
        return key.Type switch
        {
            nameof(ProgressReport) => ($"{owner}{Text("PeriodLabel") ?? ""}进展报告", taskNumber),
            nameof(SpotCheck) => ($"{owner}抽查核实（针对第{Int("RevisionNumber")}版报告，编号{key.Id}）", taskNumber),
            nameof(ClosedPeriod) => ($"报告期{Text("Label") ?? Text("PeriodKey")}的关账记录", null),
            nameof(Bulletin) => ($"{Text("PeriodKey")}通报{(Text("Number") is { } n ? $"（{n}）" : "")}", null),
            _ => ($"{owner}{label}（编号{key.Id}）", taskNumber),
        };
    }

    private static string? TaskNumberOf(int taskId, AuditNames names, AuditVerifier.ChainScan scan)
    {
        if (names.TaskNumbers.TryGetValue(taskId, out var number))
            return number;
        if (!scan.Latest.TryGetValue((nameof(SupervisionTask), taskId), out var task))
            return null;
        using var document = Parse(task.State);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("Number", out var n) ? n.GetString() : null;
    }

    private static JsonDocument? Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, Leaf> Flatten(string json, AuditNames names)
    {
        var result = new Dictionary<string, Leaf>(StringComparer.Ordinal);
        using var document = Parse(json);
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } root)
            Flatten(root, "", "", result, names);
        return result;
    }

    private static void Flatten(JsonElement element, string path, string label, Dictionary<string, Leaf> into, AuditNames names)
    {
        foreach (var property in element.EnumerateObject())
        {
            var here = path + property.Name;
            var name = label + AuditFieldNames.Of(property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    into[here] = new Leaf(name + "（整项）", "有", "有");
                    Flatten(property.Value, here + ".", name + "·", into, names);
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        var (id, itemLabel) = Identify(property.Name, item, index++, names);
                        var itemPath = $"{here}[{id}]";
                        var itemName = label + itemLabel;
                        into[itemPath] = new Leaf(itemName + "（整项）", "有", "有");
                        if (item.ValueKind == JsonValueKind.Object)
                            Flatten(item, itemPath + ".", itemName + "·", into, names);
                    }

                    break;
                default:
                    into[here] = new Leaf(name, property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetRawText(), Display(property.Name, property.Value, names));
                    break;
            }
        }
    }

    // Children are told apart by what identifies them to people: a revision by its number, a step by its id, a
    // milestone by its date, an assisting unit by the unit.
    private static (string Id, string Label) Identify(string collection, JsonElement item, int index, AuditNames names)
    {
        string? Prop(string name) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) ? v.ToString() : null;
        return collection switch
        {
            "Revisions" when Prop("Number") is { } n => (n, $"第{n}版"),
            "Steps" when Prop("Id") is { } id => (id, $"审核步骤{id}"),
            "Milestones" when Prop("Date") is { } d => (d, $"节点{d}"),
            "AssistingUnits" when Prop("UnitId") is { } u => (u, $"配合单位{UnitName(u, names)}"),
            _ => (index.ToString(CultureInfo.InvariantCulture), $"{AuditFieldNames.Of(collection)}第{index + 1}项"),
        };
    }

    private static string UnitName(string id, AuditNames names) =>
        int.TryParse(id, CultureInfo.InvariantCulture, out var unit) && names.Units.TryGetValue(unit, out var name) ? $"「{name}」" : id;

    private static string? Display(string property, JsonElement value, AuditNames names)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return "是";
            case JsonValueKind.False:
                return "否";
            case JsonValueKind.Number when value.TryGetInt32(out var id):
                IReadOnlyDictionary<int, string>? map = property switch
                {
                    "LeadUnitId" or "UnitId" => names.Units,
                    "ResponsibleLeaderId" or "RoutedToLeaderId" => names.Leaders,
                    "CategoryId" => names.Categories,
                    "TaskId" => names.TaskNumbers,
                    _ => null,
                };
                return map is not null && map.TryGetValue(id, out var name) ? $"{name}（{id}）" : id.ToString(CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                var text = value.GetString() ?? "";
                if (text.StartsWith(AuditedState.DigestPrefix, StringComparison.Ordinal))
                    return $"长文本（摘要{text[AuditedState.DigestPrefix.Length..][..8]}…）";
                if (text.Length >= 20 && DateTime.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
                    return AuditText.Time(time.ToUniversalTime());
                return text.Length > 40 ? $"“{text[..40]}…”" : $"“{text}”";
            default:
                return value.ToString();
        }
    }
}
