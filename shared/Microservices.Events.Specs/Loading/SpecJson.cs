using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microservices.Events.Specs.Loading;

/// <summary>The JSON settings of the spec model: camelCase names as in Argo's Go json tags.</summary>
public static class SpecJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Go's encoding/json matches field names case-insensitively; manifests rely on it (e.g. `openwhisk`).
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new LenientStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
