using System.Reflection;
using System.Reflection.Emit;

namespace Supervision.Tests.Architecture;

/// <summary>Reading compiled code: the members of a type, the type that holds a nested one, and the metadata tokens a method body names.</summary>
internal static class CompiledCode
{
    public const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> _opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every method and constructor a type declares itself.</summary>
    public static IEnumerable<MethodBase> Methods(Type type) =>
        type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything));

    /// <summary>The outermost type: compiler-generated lambdas and state machines count for the type that holds them.</summary>
    public static Type Outer(Type type)
    {
        while (type.IsNested)
            type = type.DeclaringType!;
        return type;
    }

    /// <summary>Each instruction of a method body that names a metadata token (a member, type or string), with its operand kind.</summary>
    public static IEnumerable<(OperandType Kind, int Token)> Tokens(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (BadImageFormatException)
        {
            yield break;
        }
        if (il is null)
            yield break;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
                value = unchecked((short)(0xFE00 | il[position++]));
            var kind = _opCodes[value].OperandType;
            switch (kind)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineString:
                    yield return (kind, BitConverter.ToInt32(il, position));
                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + 4 * BitConverter.ToInt32(il, position);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }
}
