using System.Globalization;
using System.Text;
using Microservices.Events.Specs.Go;
using static Microservices.Events.Semantics.Templates.ArgKind;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// The sprig functions Argo users reach for: strings (<c>upper lower title trim trimPrefix trimSuffix replace quote
/// squote contains hasPrefix hasSuffix split splitList join</c>), encodings (<c>b64enc b64dec toJson toRawJson
/// fromJson</c>), conversions (<c>int int64 float64 toString default</c>), lists and dicts (<c>list dict first
/// last</c>), integer arithmetic (<c>add sub mul div</c>) and time (<c>now date</c>). Argument order is sprig's:
/// the subject string comes last (<c>replace "-" "_" .s</c>, <c>trimPrefix "x" .s</c>).
/// </summary>
internal static class SprigFunctions
{
    public static readonly TemplateFunction[] Functions =
    [
        TemplateFunction.Of("upper", [Text], a => ((string)a[0]!).ToUpperInvariant()),
        TemplateFunction.Of("lower", [Text], a => ((string)a[0]!).ToLowerInvariant()),
        TemplateFunction.Of("title", [Text], a => Title((string)a[0]!)),
        TemplateFunction.Of("trim", [Text], a => ((string)a[0]!).Trim()),
        TemplateFunction.Of("trimPrefix", [Text, Text], a => TrimPrefix((string)a[1]!, (string)a[0]!)),
        TemplateFunction.Of("trimSuffix", [Text, Text], a => TrimSuffix((string)a[1]!, (string)a[0]!)),
        TemplateFunction.Of("replace", [Text, Text, Text], a => Replace((string)a[2]!, (string)a[0]!, (string)a[1]!)),
        TemplateFunction.Of("contains", [Text, Text], a => ((string)a[1]!).Contains((string)a[0]!, StringComparison.Ordinal)),
        TemplateFunction.Of("hasPrefix", [Text, Text], a => ((string)a[1]!).StartsWith((string)a[0]!, StringComparison.Ordinal)),
        TemplateFunction.Of("hasSuffix", [Text, Text], a => ((string)a[1]!).EndsWith((string)a[0]!, StringComparison.Ordinal)),
        TemplateFunction.Of("quote", [], a => string.Join(' ', a.Where(x => x is not null).Select(x => GoQuote.Quote(GoCast.StrVal(x)))), variadic: Any),
        TemplateFunction.Of("squote", [], a => string.Join(' ', a.Where(x => x is not null).Select(x => $"'{GoCast.StrVal(x)}'")), variadic: Any),
        TemplateFunction.Of("split", [Text, Text], a => Split((string)a[1]!, (string)a[0]!)),
        TemplateFunction.Of("splitList", [Text, Text], a => GoSplit((string)a[1]!, (string)a[0]!).Cast<object?>().ToList()),
        TemplateFunction.Of("join", [Text, Any], a => string.Join((string)a[0]!, GoCast.StrSlice(a[1]))),
        TemplateFunction.Of("b64enc", [Text], a => GoBase64.Encode((string)a[0]!)),
        TemplateFunction.Of("b64dec", [Text], a => GoBase64.Decode((string)a[0]!, out var error) ?? error),
        TemplateFunction.Of("toJson", [Any], a => GoValues.ToJson(a[0], escapeHtml: true) ?? ""),
        TemplateFunction.Of("toRawJson", [Any], a => GoValues.ToJson(a[0], escapeHtml: false) ?? ""),
        TemplateFunction.Of("fromJson", [Text], a => GoValues.ParseJson((string)a[0]!)),
        TemplateFunction.Of("default", [Any], a => a.Length < 2 || !GoValues.Truth(a[1]) ? a[0] : a[1], variadic: Any),
        TemplateFunction.Of("toString", [Any], a => GoCast.StrVal(a[0])),
        TemplateFunction.Of("int", [Any], a => GoCast.ToInt64(a[0])),
        TemplateFunction.Of("int64", [Any], a => GoCast.ToInt64(a[0])),
        TemplateFunction.Of("float64", [Any], a => GoCast.ToFloat64(a[0])),
        TemplateFunction.Of("list", [], a => a.ToList(), variadic: Any),
        TemplateFunction.Of("dict", [], Dict, variadic: Any),
        TemplateFunction.Of("first", [Any], a => Items(a[0], "first").FirstOrDefault()),
        TemplateFunction.Of("last", [Any], a => Items(a[0], "last").LastOrDefault()),
        TemplateFunction.Of("add", [], a => a.Aggregate(0L, (sum, x) => unchecked(sum + GoCast.ToInt64(x))), variadic: Any),
        TemplateFunction.Of("sub", [Any, Any], a => unchecked(GoCast.ToInt64(a[0]) - GoCast.ToInt64(a[1]))),
        TemplateFunction.Of("mul", [Any], a => a[1..].Aggregate(GoCast.ToInt64(a[0]), (product, x) => unchecked(product * GoCast.ToInt64(x))), variadic: Any),
        TemplateFunction.Of("div", [Any, Any], a => Divide(GoCast.ToInt64(a[0]), GoCast.ToInt64(a[1]))),
        new("now", [], null, (context, _) => context.LocalNow()),
        new("date", [Text, Any], null, (context, a) => GoTime.Format(When(context, a[1]), (string)a[0]!)),
    ];

    /// <summary>Go's strings.Title: the first letter after a separator (not a letter, digit or underscore) is upper-cased.</summary>
    private static string Title(string text)
    {
        var sb = new StringBuilder(text.Length);
        var previous = new Rune(' ');
        foreach (var rune in text.EnumerateRunes())
        {
            sb.Append((IsSeparator(previous) ? Rune.ToUpperInvariant(rune) : rune).ToString());
            previous = rune;
        }

        return sb.ToString();

        static bool IsSeparator(Rune r) => r.IsAscii
            ? !(Rune.IsLetterOrDigit(r) || r.Value == '_')
            : !Rune.IsLetterOrDigit(r) && Rune.IsWhiteSpace(r);
    }

    private static string TrimPrefix(string text, string prefix) =>
        prefix.Length > 0 && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;

    private static string TrimSuffix(string text, string suffix) =>
        suffix.Length > 0 && text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text;

    /// <summary>strings.Replace(s, old, new, -1); an empty <paramref name="old"/> inserts <paramref name="replacement"/> around every character.</summary>
    private static string Replace(string text, string old, string replacement)
    {
        if (old.Length > 0)
        {
            return text.Replace(old, replacement, StringComparison.Ordinal);
        }

        var sb = new StringBuilder(replacement);
        foreach (var rune in text.EnumerateRunes())
        {
            sb.Append(rune.ToString()).Append(replacement);
        }

        return sb.ToString();
    }

    /// <summary>strings.Split: an empty separator splits into characters.</summary>
    private static string[] GoSplit(string text, string separator) =>
        separator.Length == 0
            ? text.EnumerateRunes().Select(r => r.ToString()).ToArray()
            : text.Split(separator);

    /// <summary>sprig's split: a dict with keys <c>_0</c>, <c>_1</c>, …</summary>
    private static SortedDictionary<string, object?> Split(string text, string separator)
    {
        var map = GoValues.NewMap();
        var parts = GoSplit(text, separator);
        for (var i = 0; i < parts.Length; i++)
        {
            map["_" + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        }

        return map;
    }

    /// <summary>sprig's dict: keys by strval; an odd last key gets the empty string.</summary>
    private static object? Dict(object?[] args)
    {
        var map = GoValues.NewMap();
        for (var i = 0; i < args.Length; i += 2)
        {
            map[GoCast.StrVal(args[i])] = i + 1 < args.Length ? args[i + 1] : "";
        }

        return map;
    }

    private static List<object?> Items(object? value, string function) => value as List<object?>
        ?? throw new TemplateException($"Cannot find {function} on type {(value is null ? "<nil>" : GoValues.TypeName(value))}");

    private static long Divide(long a, long b) =>
        b == 0 ? throw new TemplateException("runtime error: integer divide by zero") : a == long.MinValue && b == -1 ? a : a / b;

    /// <summary>sprig's date: a time, or Unix seconds given as an int; anything else means now. Shown in local time.</summary>
    private static DateTimeOffset When(CallContext context, object? value)
    {
        var time = value switch
        {
            DateTimeOffset t => t,
            long seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
            _ => context.LocalNow(),
        };
        return TimeZoneInfo.ConvertTime(time, context.Time.LocalTimeZone);
    }
}
