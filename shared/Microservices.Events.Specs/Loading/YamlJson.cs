using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Microservices.Events.Specs.Loading;

/// <summary>Turns YAML documents into JSON nodes, typing plain scalars by the YAML 1.2 core schema.</summary>
public static partial class YamlJson
{
    /// <summary>
    /// Parses every document of <paramref name="yaml"/>; throws <see cref="YamlException"/> on syntax errors and when
    /// the text goes past <paramref name="limits"/> (<see cref="YamlLimits.Default"/> when not given).
    /// </summary>
    public static IReadOnlyList<JsonNode?> ParseDocuments(string yaml, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        YamlBudget.CheckLength(yaml, limits);
        var budget = new YamlBudget(limits);
        var builder = new YamlJsonBuilder();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            // One pass: every event is counted against the limits before anything is built from it.
            while (YamlBudget.Next(parser))
            {
                budget.Observe(parser.Current!);
                builder.Apply(parser.Current!);
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, $"not YAML: {ex.Message}", ex);
        }

        return builder.Documents;
    }

    /// <summary>The first document of <paramref name="yaml"/> as JSON (null for none); false when it is not YAML.</summary>
    public static bool TryParseFirst(string yaml, out JsonNode? json)
    {
        try
        {
            json = ParseDocuments(yaml) is [var first, ..] ? first : null;
            return true;
        }
        catch (YamlException)
        {
            json = null;
            return false;
        }
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ToScalar(scalar),
        _ => null,
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            obj[name] = ToJson(value);
        }

        return obj;
    }

    private static JsonNode? ToScalar(YamlScalarNode scalar) => Scalar(scalar.Value ?? "", scalar.Style, scalar.Tag);

    /// <summary>A scalar as JSON: quoted and block scalars and <c>!!str</c> stay strings; plain ones are null, booleans, integers, floats or strings.</summary>
    internal static JsonNode? Scalar(string text, ScalarStyle style, TagName tag)
    {
        if (style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (tag.IsEmpty is false && tag.Value == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
