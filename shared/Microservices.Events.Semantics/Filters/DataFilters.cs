using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Semantics.Templates;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Filters;

/// <summary>Argo's data filters: a typed comparison of the value at a path with a list of OR-ed candidates.</summary>
public static class DataFilters
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>Evaluates <paramref name="filters"/> combined by <paramref name="logicalOperator"/> against the event data.</summary>
    public static FilterResult Evaluate(IReadOnlyList<DataFilter>? filters, string? logicalOperator, JsonElement? data)
    {
        if (filters is not { Count: > 0 } || data is null || data.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return FilterResult.True;
        }

        var root = data.Value;
        return FilterResult.Combine(logicalOperator, filters.Select(f => (Func<FilterResult>)(() => EvaluateOne(f, root))));
    }

    public static FilterResult EvaluateOne(DataFilter filter, JsonElement data)
    {
        if (string.IsNullOrEmpty(filter.Path) || string.IsNullOrEmpty(filter.Type))
        {
            return FilterResult.Error("data filter needs a path and a type");
        }

        if (!JsonPath.TryGet(data, filter.Path, out var field))
        {
            return FilterResult.Error($"path '{filter.Path}' does not exist");
        }

        if (filter.Value is not { Count: > 0 })
        {
            return FilterResult.Error($"data filter on '{filter.Path}': no values specified");
        }

        if (!string.IsNullOrEmpty(filter.Template) && ApplyTemplate(filter, ref field) is { } failure)
        {
            return failure;
        }

        return filter.Type switch
        {
            "bool" => CompareBool(filter, field),
            "number" => CompareNumber(filter, field),
            "string" => CompareString(filter, field),
            _ => FilterResult.Error($"data filter on '{filter.Path}': unsupported JSON type \"{filter.Type}\""),
        };
    }

    /// <summary>
    /// Argo's filter template: <c>.Input</c> is the field's text; the output, read as a JSON string, replaces the field.
    /// Returns the error when the template fails or renders empty or <c>&lt;no value&gt;</c>.
    /// </summary>
    private static FilterResult? ApplyTemplate(DataFilter filter, ref JsonElement field)
    {
        string output;
        try
        {
            output = GoTemplate.ParseCached(filter.Template!).Execute(JsonValue.Create(JsonPath.ToText(field)));
        }
        catch (TemplateException ex)
        {
            return FilterResult.Error($"data filter on '{filter.Path}': {ex.Message}");
        }

        if (output is "" or "<no value>")
        {
            return FilterResult.Error($"data filter on '{filter.Path}': template evaluated to empty string or no value: {filter.Template}");
        }

        field = JsonSerializer.SerializeToElement(output);
        return null;
    }

    private static FilterResult CompareBool(DataFilter filter, JsonElement field)
    {
        var actual = JsonPath.ToBool(field);
        foreach (var candidate in filter.Value!)
        {
            if (!GoBool.TryParse(candidate, out var expected))
            {
                return FilterResult.Error($"data filter on '{filter.Path}': \"{candidate}\" is not a bool");
            }

            if (actual == expected)
            {
                return FilterResult.True;
            }
        }

        return FilterResult.False;
    }

    private static FilterResult CompareNumber(DataFilter filter, JsonElement field)
    {
        var actual = JsonPath.ToNumber(field);
        foreach (var candidate in filter.Value!)
        {
            if (!double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected))
            {
                return FilterResult.Error($"data filter on '{filter.Path}': \"{candidate}\" is not a number");
            }

            var pass = filter.Comparator switch
            {
                null or "" or "=" => actual == expected,
                "!=" => actual != expected,
                "<" => actual < expected,
                "<=" => actual <= expected,
                ">" => actual > expected,
                ">=" => actual >= expected,
                _ => false,
            };
            if (pass)
            {
                return FilterResult.True;
            }
        }

        return FilterResult.False;
    }

    private static FilterResult CompareString(DataFilter filter, JsonElement field)
    {
        var actual = JsonPath.ToText(field);
        foreach (var candidate in filter.Value!)
        {
            bool matches;
            try
            {
                matches = Regex.IsMatch(actual, candidate, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                return FilterResult.Error($"data filter on '{filter.Path}': invalid regex \"{candidate}\": {ex.Message}");
            }
            catch (RegexMatchTimeoutException)
            {
                return FilterResult.Error($"data filter on '{filter.Path}': regex \"{candidate}\" timed out");
            }

            var pass = filter.Comparator switch
            {
                null or "" or "=" => matches,
                "!=" => !matches,
                _ => false,
            };
            if (pass)
            {
                return FilterResult.True;
            }
        }

        return FilterResult.False;
    }
}
