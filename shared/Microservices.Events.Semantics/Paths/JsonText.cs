using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microservices.Events.Semantics.Paths;

/// <summary>JSON output as users read it: no escaping of <c>+</c>, <c>&lt;</c>, <c>&amp;</c> or non-ASCII letters.</summary>
public static class JsonText
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
