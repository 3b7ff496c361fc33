using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microservices.Events.Semantics.Jq;

/// <summary>Conversions between <see cref="JqValue"/> and JSON: read from a <see cref="JsonElement"/>, written compactly.</summary>
public static class JqJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static JqValue FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JqObject(element.EnumerateObject()
            .Aggregate(JqObject.Empty.Properties.ToBuilder(), (b, p) => { b[p.Name] = FromElement(p.Value); return b; })
            .ToImmutable()),
        JsonValueKind.Array => new JqArray([.. element.EnumerateArray().Select(FromElement)]),
        JsonValueKind.String => new JqString(element.GetString()!),
        JsonValueKind.Number => new JqNumber(double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture), element.GetRawText()),
        JsonValueKind.True => JqValue.True,
        JsonValueKind.False => JqValue.False,
        _ => JqValue.Null,
    };

    public static JsonElement ToElement(JqValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            Write(writer, value);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Compact JSON text, as jq's <c>tojson</c> writes it.</summary>
    public static string ToText(JqValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A number as jq prints it: integers without a fraction, NaN as null, infinities clamped.</summary>
    public static string FormatNumber(double value) =>
        double.IsNaN(value) ? "null" : Clamp(value).ToString("R", CultureInfo.InvariantCulture);

    private static void Write(Utf8JsonWriter writer, JqValue value)
    {
        switch (value)
        {
            case JqBoolean b:
                writer.WriteBooleanValue(b.Value);
                break;
            case JqNumber { Literal: { } literal }:
                writer.WriteRawValue(literal, skipInputValidation: true);
                break;
            case JqNumber n when double.IsNaN(n.Value):
                writer.WriteNullValue();
                break;
            case JqNumber n:
                writer.WriteNumberValue(Clamp(n.Value));
                break;
            case JqString s:
                writer.WriteStringValue(s.Value);
                break;
            case JqArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JqObject o:
                writer.WriteStartObject();
                foreach (var (key, item) in o.Properties)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static double Clamp(double value) => Math.Clamp(value, double.MinValue, double.MaxValue);

    internal static ImmutableSortedDictionary<string, JqValue>.Builder NewProperties() => JqObject.Empty.Properties.ToBuilder();
}
