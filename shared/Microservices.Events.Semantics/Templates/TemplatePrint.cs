using System.Globalization;
using System.Text;
using Microservices.Events.Specs.Go;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// Go's fmt for template values, behind the <c>print</c>, <c>println</c> and <c>printf</c> builtins: <c>Sprint</c>,
/// <c>Sprintln</c>, and <c>Sprintf</c> with the verbs <c>%v %s %d %f %F %e %g %q %t %x %X %c %%</c>, flags <c>- + 0</c>,
/// width and precision. A verb that does not fit its argument prints as Go does: <c>%!d(string=x)</c>; a missing
/// argument as <c>%!d(MISSING)</c>.
/// </summary>
internal static class TemplatePrint
{
    /// <summary>fmt.Sprint: operands side by side, a space between two operands when neither is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string)
            {
                sb.Append(' ');
            }

            sb.Append(GoValues.Format(args[i]));
        }

        return sb.ToString();
    }

    /// <summary>fmt.Sprintln: operands separated by spaces, then a newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args) => string.Join(' ', args.Select(GoValues.Format)) + "\n";

    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                sb.Append(format[i]);
                continue;
            }

            var spec = new Spec();
            for (i++; i < format.Length && format[i] is '-' or '+' or '0' or ' ' or '#'; i++)
            {
                spec = format[i] switch
                {
                    '-' => spec with { Left = true },
                    '+' => spec with { Plus = true },
                    '0' => spec with { Zero = true },
                    _ => spec,
                };
            }

            spec = spec with { Width = Digits(format, ref i) };
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec = spec with { Precision = Digits(format, ref i) ?? 0 };
            }

            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }

            if (next >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            sb.Append(FormatOne(verb, spec, args[next++]));
        }

        if (next < args.Count)
        {
            sb.Append("%!(EXTRA ")
                .AppendJoin(", ", args.Skip(next).Select(a => a is null ? "<nil>" : $"{GoValues.TypeName(a)}={GoValues.Format(a)}"))
                .Append(')');
        }

        return sb.ToString();
    }

    private sealed record Spec(bool Left = false, bool Plus = false, bool Zero = false, int? Width = null, int? Precision = null);

    private static int? Digits(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string FormatOne(char verb, Spec spec, object? arg)
    {
        if (arg is List<object?> list && verb is not ('v' or 'T'))
        {
            return "[" + string.Join(' ', list.Select(item => FormatOne(verb, spec with { Width = null }, item))) + "]";
        }

        if (arg is SortedDictionary<string, object?> map && verb is not ('v' or 'T'))
        {
            return "map[" + string.Join(' ', map.Select(p => $"{FormatOne(verb, spec with { Width = null }, p.Key)}:{FormatOne(verb, spec with { Width = null }, p.Value)}")) + "]";
        }

        var text = (verb, arg) switch
        {
            ('v', double d) => Signed(GoFloat.FormatShortest(d), spec),
            ('v', long l) => Signed(l.ToString(CultureInfo.InvariantCulture), spec),
            ('v', _) => GoValues.Format(arg),
            ('T', _) => GoValues.TypeName(arg),
            ('s', string s) => Truncate(s, spec.Precision),
            ('s', DateTimeOffset) => GoValues.Format(arg),
            ('q', string s) => GoQuote.Quote(Truncate(s, spec.Precision)),
            ('q', long l) when l is >= 0 and <= 0x10FFFF => GoQuote.QuoteRune((int)l),
            ('d', long l) => Signed(l.ToString(CultureInfo.InvariantCulture), spec),
            ('x', long l) => Signed(l < 0 ? "-" + (-l).ToString("x", CultureInfo.InvariantCulture) : l.ToString("x", CultureInfo.InvariantCulture), spec),
            ('X', long l) => Signed(l < 0 ? "-" + (-l).ToString("X", CultureInfo.InvariantCulture) : l.ToString("X", CultureInfo.InvariantCulture), spec),
            ('x', string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
            ('X', string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)),
            ('c', long l) when l is >= 0 and <= 0x10FFFF => char.ConvertFromUtf32((int)l),
            ('f' or 'F', double d) => Signed(GoFloat.FormatFixed(d, spec.Precision ?? 6), spec),
            ('e', double d) => Signed(GoFloat.FormatExponent(d, spec.Precision ?? 6), spec),
            ('g', double d) => Signed(GoFloat.FormatShortest(d), spec),
            ('t', bool b) => b ? "true" : "false",
            _ => null,
        };

        if (text is null)
        {
            return arg is null ? $"%!{verb}(<nil>)" : $"%!{verb}({GoValues.TypeName(arg)}={GoValues.Format(arg)})";
        }

        return Pad(text, spec, numeric: arg is long or double);
    }

    private static string Signed(string text, Spec spec) => spec.Plus && !text.StartsWith('-') && !text.StartsWith('+') ? "+" + text : text;

    private static string Truncate(string text, int? precision)
    {
        if (precision is not { } p)
        {
            return text;
        }

        var runes = text.EnumerateRunes().Take(p);
        return string.Concat(runes.Select(r => r.ToString()));
    }

    private static string Pad(string text, Spec spec, bool numeric)
    {
        var length = text.EnumerateRunes().Count();
        if (spec.Width is not { } width || length >= width)
        {
            return text;
        }

        var fill = width - length;
        if (spec.Left)
        {
            return text + new string(' ', fill);
        }

        if (spec.Zero && numeric)
        {
            var sign = text.Length > 0 && text[0] is '-' or '+' ? text[..1] : "";
            return sign + new string('0', fill) + text[sign.Length..];
        }

        return new string(' ', fill) + text;
    }
}
