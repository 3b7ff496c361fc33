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
        YamlBudget.Check(yaml, limits ?? YamlLimits.Default);
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            try
            {
                stream.Load(reader);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // YamlDotNet's loader reports some malformed texts this way rather than with a syntax error.
                throw new YamlException(Mark.Empty, Mark.Empty, $"not YAML: {ex.Message}", ex);
            }
        }

        return stream.Documents.Select(d => ToJson(d.RootNode)).ToList();
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

    private static JsonNode? ToScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        if (scalar.Tag.IsEmpty is false && scalar.Tag.Value == "tag:yaml.org,2002:str")
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
