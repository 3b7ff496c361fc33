using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Semantics.Paths;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>The message body of payload-carrying kinds (nats, kafka, ...), as Argo sends it.</summary>
public static class TriggerPayload
{
    /// <summary>
    /// The JSON text of the document the <c>payload</c> parameters built; when a parameter with <c>dest: ""</c> made a
    /// text value the whole body, that text as it is (not quoted). Empty without payload parameters.
    /// </summary>
    public static byte[] Bytes(JsonNode? payload) => payload switch
    {
        null => [],
        JsonValue value when value.TryGetValue<string>(out var text) => Encoding.UTF8.GetBytes(text),
        _ => Encoding.UTF8.GetBytes(payload.ToJsonString(JsonText.Options)),
    };
}
