using System.Reflection;
using System.Reflection.Emit;

namespace Supervision.Tests.Architecture;

/// <summary>
/// Which feature folder of an assembly uses which, read from the compiled code: every type a folder's types name in
/// their signatures (base types, interfaces, fields, properties, parameters, return types, generic arguments) and in
/// their method bodies (calls, fields read or written, types created, cast or tested). Compiler-generated types
/// (lambdas, async state machines) count for the folder of the type that holds them.
/// </summary>
/// <remarks>
/// A folder is the namespace's first segment below the assembly's root namespace (<c>Supervision.Core.Documents.Layout</c>
/// belongs to <c>Documents</c>), so the test and the folder tree agree only while namespaces follow folders, which
/// <see cref="FolderTests"/> checks on the source.
/// </remarks>
internal sealed class FolderDependencies
{
    private readonly Assembly _assembly;
    private readonly string _root;
    private readonly Dictionary<(string From, string To), SortedSet<string>> _edges = [];

    private FolderDependencies(Assembly assembly, string root)
    {
        _assembly = assembly;
        _root = root;
    }

    /// <summary>Each edge "folder A uses folder B" with a few of the type references that make it.</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Edges => _edges;

    public IEnumerable<string> Folders => _assembly.GetTypes().Select(FolderOf).OfType<string>().Distinct().Order(StringComparer.Ordinal);

    public static FolderDependencies Of(Assembly assembly, string rootNamespace)
    {
        var graph = new FolderDependencies(assembly, rootNamespace);
        foreach (var type in assembly.GetTypes())
            graph.Scan(type);
        return graph;
    }

    /// <summary>Groups of folders that use each other in a loop (strongly connected components of more than one folder).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = _edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                    low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string popped;
            do
            {
                popped = stack.Pop();
                onStack.Remove(popped);
                component.Add(popped);
            } while (popped != v);
            if (component.Count > 1)
                cycles.Add([.. component.Order(StringComparer.Ordinal)]);
        }

        foreach (var folder in Folders)
            if (!index.ContainsKey(folder))
                Visit(folder);
        return cycles;
    }

    private string? FolderOf(Type type)
    {
        type = CompiledCode.Outer(type);
        var ns = type.Namespace;
        if (type.Assembly != _assembly || ns is null || !ns.StartsWith(_root + ".", StringComparison.Ordinal))
            return null;
        var rest = ns[(_root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private void Scan(Type type)
    {
        var from = FolderOf(type);
        if (from is null)
            return;
        void Uses(Type? used)
        {
            if (used is null)
                return;
            if (used.HasElementType)
            {
                Uses(used.GetElementType());
                return;
            }
            if (used.IsGenericType && !used.IsGenericTypeDefinition)
            {
                Uses(used.GetGenericTypeDefinition());
                foreach (var argument in used.GetGenericArguments())
                    Uses(argument);
                return;
            }
            if (used.IsGenericParameter)
                return;
            var to = FolderOf(used);
            if (to is null || to == from)
                return;
            if (!_edges.TryGetValue((from, to), out var examples))
                _edges[(from, to)] = examples = new SortedSet<string>(StringComparer.Ordinal);
            if (examples.Count < 5)
                examples.Add($"{CompiledCode.Outer(type).Name} → {CompiledCode.Outer(used).Name}");
        }

        Uses(type.BaseType);
        foreach (var contract in type.GetInterfaces())
            Uses(contract);
        foreach (var field in type.GetFields(CompiledCode.Everything))
            Uses(field.FieldType);
        foreach (var property in type.GetProperties(CompiledCode.Everything))
            Uses(property.PropertyType);
        foreach (var method in CompiledCode.Methods(type))
        {
            if (method is MethodInfo info)
                Uses(info.ReturnType);
            foreach (var parameter in method.GetParameters())
                Uses(parameter.ParameterType);
            foreach (var member in BodyReferences(method))
            {
                switch (member)
                {
                    case Type t:
                        Uses(t);
                        break;
                    case MethodBase m:
                        Uses(m.DeclaringType);
                        if (m.IsGenericMethod)
                            foreach (var argument in m.GetGenericArguments())
                                Uses(argument);
                        break;
                    case FieldInfo f:
                        Uses(f.DeclaringType);
                        break;
                }
            }
        }
    }

    /// <summary>The members and types a method body's instructions name by metadata token.</summary>
    private static IEnumerable<MemberInfo> BodyReferences(MethodBase method)
    {
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var (kind, token) in CompiledCode.Tokens(method))
        {
            if (kind == OperandType.InlineString)
                continue;
            MemberInfo? member;
            try
            {
                member = method.Module.ResolveMember(token, typeArguments, methodArguments);
            }
            catch (ArgumentException)
            {
                member = null;
            }
            if (member is not null)
                yield return member;
        }
    }
}
