using System.Globalization;
using System.Text.Json;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// A gjson array query <c>#(path op value)</c> (first match) or <c>#(...)#</c> (all matches). Operators:
/// <c>== = != &lt; &lt;= &gt; &gt;= % !%</c>; no operator tests that the path exists. A <c>~</c> before the value
/// compares the element's truthiness.
/// </summary>
internal sealed record GJsonQuery(string Path, string Operator, string Value, bool All)
{
    /// <summary>Reads a query at the start of <paramref name="path"/> (which begins with <c>#(</c> or <c>#[</c>).</summary>
    public static bool TryParse(string path, out GJsonQuery query, out int length)
    {
        query = new GJsonQuery("", "", "", false);
        length = 0;
        if (path.Length < 2 || path[0] != '#' || path[1] is not ('(' or '['))
        {
            return false;
        }

        var depth = 1;
        var valueStart = -1;
        var i = 2;
        for (; i < path.Length; i++)
        {
            var c = path[i];
            if (depth == 1 && valueStart < 0 && c is '!' or '=' or '<' or '>' or '%')
            {
                valueStart = i;
                continue;
            }

            if (c == '\\')
            {
                i++;
            }
            else if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                if (--depth == 0)
                {
                    break;
                }
            }
            else if (c == '"')
            {
                for (i++; i < path.Length && path[i] != '"'; i++)
                {
                    if (path[i] == '\\')
                    {
                        i++;
                    }
                }
            }
        }

        if (depth > 0)
        {
            return false;
        }

        string queryPath, op = "", value = "";
        if (valueStart < 0)
        {
            queryPath = path[2..i].Trim();
        }
        else
        {
            queryPath = path[2..valueStart].Trim();
            (op, value) = SplitOperator(path[valueStart..i].Trim());
        }

        length = i + 1;
        var all = length < path.Length && path[length] == '#';
        if (all)
        {
            length++;
        }

        query = new GJsonQuery(queryPath, op, Literal(value), all);
        return true;
    }

    /// <summary>True when <paramref name="element"/> satisfies the query.</summary>
    public bool Matches(JsonElement element)
    {
        var nested = element.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        JsonElement? subject = Path.Length == 0
            ? (nested ? null : element)
            : (nested ? GJsonPath.Get(element, Path) : null);

        var expected = Value;
        if (expected.StartsWith('~'))
        {
            expected = expected[1..];
            subject = subject is { } s && JsonPath.ToBool(s) ? TrueElement : FalseElement;
        }

        if (subject is not { } actual)
        {
            return false;
        }

        if (Operator.Length == 0)
        {
            return true;
        }

        switch (actual.ValueKind)
        {
            case JsonValueKind.String:
            {
                var text = actual.GetString() ?? "";
                var order = string.CompareOrdinal(text, expected);
                return Operator switch
                {
                    "=" => order == 0,
                    "!=" => order != 0,
                    "<" => order < 0,
                    "<=" => order <= 0,
                    ">" => order > 0,
                    ">=" => order >= 0,
                    "%" => WildcardPattern.IsMatch(text, expected),
                    "!%" => !WildcardPattern.IsMatch(text, expected),
                    _ => false,
                };
            }

            case JsonValueKind.Number:
            {
                var number = actual.GetDouble();
                var target = double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
                return Operator switch
                {
                    "=" => number == target,
                    "!=" => number != target,
                    "<" => number < target,
                    "<=" => number <= target,
                    ">" => number > target,
                    ">=" => number >= target,
                    _ => false,
                };
            }

            case JsonValueKind.True:
                return Operator switch
                {
                    "=" => expected == "true",
                    "!=" => expected != "true",
                    ">" => expected == "false",
                    ">=" => true,
                    _ => false,
                };

            case JsonValueKind.False:
                return Operator switch
                {
                    "=" => expected == "false",
                    "!=" => expected != "false",
                    "<" => expected == "true",
                    "<=" => true,
                    _ => false,
                };

            default:
                return false;
        }
    }

    private static readonly JsonElement TrueElement = JsonSerializer.SerializeToElement(true);
    private static readonly JsonElement FalseElement = JsonSerializer.SerializeToElement(false);

    private static (string Op, string Value) SplitOperator(string text)
    {
        var size = text switch
        {
            { Length: 1 } => 1,
            _ when text.StartsWith("!=") || text.StartsWith("!%") || text.StartsWith("<=") || text.StartsWith(">=") => 2,
            _ when text.StartsWith("==") => 2,
            _ => 1,
        };
        var op = text[..size] == "==" ? "=" : text[..size];
        return (op, text[size..].Trim());
    }

    /// <summary>A double-quoted value loses its quotes and escapes; anything else is compared as written.</summary>
    private static string Literal(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(value) ?? "";
        }
        catch (JsonException)
        {
            return value[1..^1];
        }
    }
}
