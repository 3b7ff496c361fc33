using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>
/// The <c>body</c> of a broker message in an event's data, as Argo puts it there: with <c>jsonBody</c> the parsed JSON
/// document, otherwise the bytes as a base64 string (how Go encodes a <c>[]byte</c>). Pure.
/// </summary>
public static class MessageBody
{
    /// <summary>The body node; false with the reason when <paramref name="jsonBody"/> is set and the bytes are not one JSON document in UTF-8.</summary>
    public static bool TryRead(ReadOnlySequence<byte> bytes, bool jsonBody, out JsonNode? body, out string? error)
    {
        error = null;
        if (!jsonBody)
        {
            body = JsonValue.Create(Convert.ToBase64String(bytes.ToArray()));
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes);
            body = JsonNode.Parse(ref reader);
            if (reader.BytesConsumed != bytes.Length && !OnlyWhitespace(bytes.Slice(reader.BytesConsumed)))
            {
                throw new JsonException("data after the JSON document");
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            body = null;
            error = $"jsonBody is set and the body is not JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>A short hex digest of <paramref name="bytes"/> (SHA-256), for event ids built from a message's content.</summary>
    public static string Digest(ReadOnlySequence<byte> bytes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in bytes)
        {
            hash.AppendData(segment.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary><paramref name="metadata"/> as the data's <c>metadata</c> object, or null when there is none.</summary>
    public static JsonObject? Metadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is { Count: > 0 }
            ? new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))))
            : null;

    private static bool OnlyWhitespace(ReadOnlySequence<byte> rest)
    {
        foreach (var segment in rest)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
