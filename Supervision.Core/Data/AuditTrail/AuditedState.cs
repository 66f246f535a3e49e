using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Supervision.Core.Domain;

namespace Supervision.Core.Data.AuditTrail;

/// <summary>
/// One kind of record whose data the audit record vouches for: every event about such an entity carries the entity's
/// canonical state after the change, and verification recomputes the current rows against it (in the spirit of SQL
/// Server Ledger, which hashes every row version of a ledger table).
/// </summary>
/// <param name="Type">The root entity (the aggregate); its owned parts and cascade-deleted children belong to its state.</param>
/// <param name="Label">What the office calls it (任务, 进展报告 …).</param>
public sealed record AuditedAggregate(Type Type, string Label)
{
    /// <summary>The <see cref="AuditEvent.EntityType"/> its events carry.</summary>
    public string EntityType => Type.Name;
}

/// <summary>
/// The canonical state of an audited entity: a JSON object of every mapped, non-shadow property (names sorted
/// ordinally), with its owned parts and its cascade-deleted children (a report's revisions and their steps) nested,
/// children sorted by their own canonical text. Values are written provider-neutrally: numbers and decimals without
/// trailing zeros, times as UTC ticks in ISO form, dates as yyyy-MM-dd, enums by name; a text longer than
/// <see cref="MaxLiteralText"/> characters is written as its digest (<see cref="DigestPrefix"/> + 128 bits of SHA-256),
/// so an event stays small and quick to verify however long a report's text is, and a change to the text still
/// changes the state (and is named by its field). The writer (the save that records the event) and the verifier both
/// read the rows back through EF and call the same function, so the form depends on the data only, never on how a
/// provider stores it.
/// </summary>
public static class AuditedState
{
    /// <summary>The JSON literal recorded when the entity was deleted.</summary>
    public const string Deleted = "null";

    /// <summary>Texts up to this many characters are recorded as they are; longer ones by digest.</summary>
    public const int MaxLiteralText = 64;

    /// <summary>How a digested text starts (a literal text starting so is digested too, so the form stays unambiguous).</summary>
    public const string DigestPrefix = "#sha256:";

    /// <summary>The recorded form of a text value.</summary>
    public static string TextOf(string text) =>
        text.Length <= MaxLiteralText && !text.StartsWith(DigestPrefix, StringComparison.Ordinal)
            ? text
            : DigestPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    /// <summary>
    /// What the record vouches for: tasks (with their units, milestones, indicator and source details), progress
    /// reports (with every revision and review step), spot checks, and the decisions taken on them (延期, 协调, 批示,
    /// 配合单位补充, 关账, 通报). Directory entries, notices and the chasing job's own reminders are recorded as
    /// events without a state.
    /// </summary>
    public static IReadOnlyList<AuditedAggregate> Aggregates { get; } =
    [
        new(typeof(SupervisionTask), "任务"),
        new(typeof(ProgressReport), "进展报告"),
        new(typeof(SpotCheck), "抽查核实"),
        new(typeof(ExtensionRequest), "延期申请"),
        new(typeof(CoordinationRequest), "协调申请"),
        new(typeof(LeaderRemark), "领导批示"),
        new(typeof(ReportContribution), "配合单位补充"),
        new(typeof(ClosedPeriod), "报告期关账"),
        new(typeof(Bulletin), "通报"),
    ];

    private static readonly Dictionary<Type, AuditedAggregate> _byType = Aggregates.ToDictionary(a => a.Type);
    private static readonly Dictionary<string, AuditedAggregate> _byName = Aggregates.ToDictionary(a => a.EntityType, StringComparer.Ordinal);

    private static readonly JsonWriterOptions _writerOptions = new()
    {
        // Chinese stays readable in the record; the escaping is still deterministic.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The aggregate an entity type is audited as, or null.</summary>
    public static AuditedAggregate? Of(Type type) => _byType.GetValueOrDefault(type);

    /// <summary>The aggregate by its event entity type name, or null.</summary>
    public static AuditedAggregate? Of(string entityType) => _byName.GetValueOrDefault(entityType);

    /// <summary>The canonical state of <paramref name="entity"/> (loaded with its children, tracked or not).</summary>
    public static string Canonical(IModel model, object entity)
    {
        var type = model.FindEntityType(entity.GetType()) ?? throw new InvalidOperationException($"{entity.GetType().Name} is not mapped.");
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
            Write(writer, type, entity, null);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Reads the current states of one aggregate from the database: all of them (<paramref name="ids"/> null) or
    /// those ids. Deleted ids are simply absent.
    /// </summary>
    public static async Task<Dictionary<int, string>> LoadAsync(DbContext db, AuditedAggregate aggregate, IReadOnlyCollection<int>? ids, bool sync, CancellationToken ct)
    {
        var loader = _loaders[aggregate.Type];
        var entities = await loader(db, ids, sync, ct);
        var result = new Dictionary<int, string>(entities.Count);
        foreach (var entity in entities)
            result[IdOf(db.Model, entity)] = Canonical(db.Model, entity);
        return result;
    }

    /// <summary>The id of an audited root entity.</summary>
    public static int IdOf(IModel model, object entity)
    {
        var key = model.FindEntityType(entity.GetType())!.FindPrimaryKey()!.Properties.Single();
        return (int)key.GetGetter().GetClrValue(entity)!;
    }

    private delegate Task<List<object>> Loader(DbContext db, IReadOnlyCollection<int>? ids, bool sync, CancellationToken ct);

    private static readonly Dictionary<Type, Loader> _loaders = new()
    {
        [typeof(SupervisionTask)] = Load<SupervisionTask>(q => q),
        [typeof(ProgressReport)] = Load<ProgressReport>(q => q.Include(r => r.Revisions).ThenInclude(v => v.Steps).AsSplitQuery()),
        [typeof(SpotCheck)] = Load<SpotCheck>(q => q),
        [typeof(ExtensionRequest)] = Load<ExtensionRequest>(q => q),
        [typeof(CoordinationRequest)] = Load<CoordinationRequest>(q => q),
        [typeof(LeaderRemark)] = Load<LeaderRemark>(q => q),
        [typeof(ReportContribution)] = Load<ReportContribution>(q => q),
        [typeof(ClosedPeriod)] = Load<ClosedPeriod>(q => q),
        [typeof(Bulletin)] = Load<Bulletin>(q => q),
    };

    private static Loader Load<T>(Func<IQueryable<T>, IQueryable<T>> include)
        where T : class =>
        async (db, ids, sync, ct) =>
        {
            // Owned parts (a task's units, milestones, indicator) come with the entity; children are included above.
            var query = include(db.Set<T>().AsNoTracking());
            if (ids is not null)
            {
                var list = ids.ToList();
                query = query.Where(e => list.Contains(EF.Property<int>(e, "Id")));
            }

            var rows = sync ? query.ToList() : await query.ToListAsync(ct);
            return rows.ConvertAll(r => (object)r);
        };

    // Null values are left out (absent and null read the same), and so is a child's key back to its parent (its place in
    // the nesting says it): the form stays compact, which keeps every event small and the verifier fast.
    private static void Write(Utf8JsonWriter writer, IEntityType type, object entity, IReadOnlyList<IProperty>? parentKey)
    {
        writer.WriteStartObject();
        var members = new List<(string Name, Action<Utf8JsonWriter> Value)>();
        foreach (var property in type.GetProperties())
        {
            if (property.IsShadowProperty() || (parentKey?.Contains(property) ?? false))
                continue;
            var value = property.GetGetter().GetClrValue(entity);
            if (value is null)
                continue;
            members.Add((property.Name, w => WriteValue(w, value)));
        }

        foreach (var navigation in type.GetNavigations())
        {
            if (navigation.IsOnDependent || !(navigation.ForeignKey.IsOwnership || navigation.ForeignKey.DeleteBehavior == DeleteBehavior.Cascade))
                continue;
            var target = navigation.TargetEntityType;
            var value = navigation.GetGetter().GetClrValue(entity);
            var back = navigation.ForeignKey.Properties;
            if (navigation.IsCollection)
            {
                var children = ((IEnumerable?)value)?.Cast<object>().Select(c => CanonicalOf(target, c, back)).Order(StringComparer.Ordinal).ToList() ?? [];
                members.Add((navigation.Name, w =>
                {
                    w.WriteStartArray();
                    foreach (var child in children)
                        w.WriteRawValue(child, skipInputValidation: true);
                    w.WriteEndArray();
                }));
            }
            else if (value is not null)
            {
                var child = CanonicalOf(target, value, back);
                members.Add((navigation.Name, w => w.WriteRawValue(child, skipInputValidation: true)));
            }
        }

        foreach (var (name, value) in members.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            writer.WritePropertyName(name);
            value(writer);
        }

        writer.WriteEndObject();
    }

    private static string CanonicalOf(IEntityType type, object entity, IReadOnlyList<IProperty> parentKey)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
            Write(writer, type, entity, parentKey);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(TextOf(s));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case decimal d:
                // 35.50 and 35.5 are the same value; a provider may keep either.
                writer.WriteStringValue(d.ToString("0.############################", CultureInfo.InvariantCulture));
                break;
            case double or float:
                writer.WriteStringValue(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                break;
            case DateTime t:
                writer.WriteStringValue(new DateTime(t.Ticks, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset o:
                writer.WriteStringValue(o.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateOnly d:
                writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case byte[] bytes:
                writer.WriteStringValue(Convert.ToBase64String(bytes));
                break;
            case Guid g:
                writer.WriteStringValue(g.ToString("D"));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
