using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Semantics.Parameters;

/// <summary>
/// A body built from <c>payload</c> parameters, as the text that is sent: the JSON document the parameters wrote, or,
/// for a parameter with an empty <c>dest</c>, its value itself (which need not be JSON).
/// </summary>
public sealed record PayloadBody(string Text)
{
    /// <summary>The body as JSON: the document when <see cref="Text"/> is JSON, else a JSON string holding the text.</summary>
    public JsonNode? ToNode()
    {
        try
        {
            return JsonNode.Parse(Text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Text);
        }
    }
}
