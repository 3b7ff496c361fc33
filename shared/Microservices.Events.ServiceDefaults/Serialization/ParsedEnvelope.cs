using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace Microservices.Events.ServiceDefaults.Serialization;

/// <summary>
/// MassTransit's JSON envelope read from one parsed document in one pass over its top-level properties (names
/// compared ignoring case, as MassTransit's serializer options do). The message stays an element of that document
/// instead of a copy of it; the headers are read by MassTransit's own converter. A property of the wrong kind fails the
/// read, as it does in MassTransit's reader, except inside the sending host's description: that is read only if asked
/// for, and a malformed one fails then.
/// </summary>
public sealed class ParsedEnvelope : MessageEnvelope
{
    private static readonly string[] Names =
    [
        "messageId", "requestId", "correlationId", "conversationId", "initiatorId", "sourceAddress", "destinationAddress",
        "responseAddress", "faultAddress", "messageType", "message", "expirationTime", "sentTime", "headers", "host",
    ];

    private readonly JsonSerializerOptions _options;
    private readonly JsonElement _host;
    private HostInfo? _hostInfo;
    private bool _hostRead;

    private ParsedEnvelope(JsonElement root, JsonSerializerOptions options)
    {
        _options = options;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (IndexOf(property))
            {
                case 0: MessageId = Text(value); break;
                case 1: RequestId = Text(value); break;
                case 2: CorrelationId = Text(value); break;
                case 3: ConversationId = Text(value); break;
                case 4: InitiatorId = Text(value); break;
                case 5: SourceAddress = Text(value); break;
                case 6: DestinationAddress = Text(value); break;
                case 7: ResponseAddress = Text(value); break;
                case 8: FaultAddress = Text(value); break;
                case 9: MessageType = value.Deserialize<string[]>(options); break;
                case 10: Message = value.ValueKind == JsonValueKind.Null ? null : value; break;
                case 11: ExpirationTime = value.Deserialize<DateTime?>(options); break;
                case 12: SentTime = value.Deserialize<DateTime?>(options); break;
                case 13: Headers = value.Deserialize<Dictionary<string, object?>>(options); break;
                case 14:
                    _host = value.ValueKind is JsonValueKind.Object or JsonValueKind.Null
                        ? value
                        : throw new JsonException($"The envelope's host is a JSON {value.ValueKind}, not an object");
                    break;
            }
        }
    }

    /// <summary>The envelope of <paramref name="root"/>; a root that is not a JSON object has none.</summary>
    public static ParsedEnvelope? From(JsonElement root, JsonSerializerOptions options) =>
        root.ValueKind == JsonValueKind.Object ? new ParsedEnvelope(root, options) : null;

    public string? MessageId { get; }
    public string? RequestId { get; }
    public string? CorrelationId { get; }
    public string? ConversationId { get; }
    public string? InitiatorId { get; }
    public string? SourceAddress { get; }
    public string? DestinationAddress { get; }
    public string? ResponseAddress { get; }
    public string? FaultAddress { get; }
    public string[]? MessageType { get; }
    public object? Message { get; }
    public DateTime? ExpirationTime { get; }
    public DateTime? SentTime { get; }
    public Dictionary<string, object?>? Headers { get; }

    public HostInfo? Host
    {
        get
        {
            if (!_hostRead)
            {
                _hostInfo = _host.ValueKind == JsonValueKind.Object ? _host.Deserialize<HostInfo>(_options) : null;
                _hostRead = true;
            }

            return _hostInfo;
        }
    }

    /// <summary>Which of <see cref="Names"/> the property is: its exact name first, which needs no string.</summary>
    private static int IndexOf(JsonProperty property)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (property.NameEquals(Names[i]))
            {
                return i;
            }
        }

        var name = property.Name;
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new JsonException($"The JSON value could not be converted to System.String: it is a {value.ValueKind}"),
    };
}
