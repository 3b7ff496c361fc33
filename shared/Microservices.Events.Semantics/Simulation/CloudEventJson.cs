using System.Globalization;
using System.Text;
using System.Text.Json;
using Microservices.Events.Contracts;

namespace Microservices.Events.Semantics.Simulation;

/// <summary>Reads one structured-mode JSON CloudEvent (CloudEvents 1.0 JSON format) into an <see cref="EventEnvelope"/>.</summary>
public static class CloudEventJson
{
    /// <exception cref="FormatException">The text is not a usable CloudEvent; the message names the attribute.</exception>
    public static EventEnvelope Parse(string json)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a CloudEvent must be a JSON object");
        }

        var specVersion = Text(root, "specversion", required: true)!;
        if (specVersion != "1.0")
        {
            throw new FormatException($"specversion: \"{specVersion}\" is not supported, must be \"1.0\"");
        }

        var timeText = Text(root, "time", required: true)!;
        if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new FormatException($"time: \"{timeText}\" is not an RFC 3339 timestamp");
        }

        var contentType = Text(root, "datacontenttype", required: false) ?? "application/json";
        JsonElement? data = null;
        if (root.TryGetProperty("data", out var inline))
        {
            data = inline.ValueKind == JsonValueKind.String && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? inline
                : inline.Clone();
        }
        else if (Text(root, "data_base64", required: false) is { } base64)
        {
            try
            {
                var bytes = Convert.FromBase64String(base64);
                data = JsonDocument.Parse(Encoding.UTF8.GetString(bytes)).RootElement.Clone();
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                throw new FormatException($"data_base64: not base64-encoded JSON ({ex.Message})");
            }
        }

        return new EventEnvelope
        {
            SpecVersion = specVersion,
            Id = Text(root, "id", required: true)!,
            Source = Text(root, "source", required: true)!,
            Type = Text(root, "type", required: true)!,
            Subject = Text(root, "subject", required: false) ?? "",
            Time = time,
            DataContentType = contentType,
            Data = data,
        };
    }

    private static string? Text(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new FormatException($"{name}: required") : null;
        }

        if (value.ValueKind != JsonValueKind.String || (required && string.IsNullOrEmpty(value.GetString())))
        {
            throw new FormatException($"{name}: must be a non-empty string");
        }

        return value.GetString();
    }
}
