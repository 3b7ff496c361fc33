using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Semantics.Templates;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Parameters;

/// <summary>
/// Argo's trigger parameters: resolve a value from one dependency's event (data settings over context settings;
/// template, then key, then the <c>value</c> default) and write it at <c>dest</c> with overwrite, append or prepend.
/// </summary>
public static class ParameterResolver
{
    /// <summary>Resolves the value, or null when the dependency has no event in this firing and no default.</summary>
    /// <exception cref="ParameterException">Nothing resolved and no default.</exception>
    public static ResolvedValue? Resolve(TriggerParameterSource src, IReadOnlyDictionary<string, EventEnvelope> events)
    {
        if (!events.TryGetValue(src.DependencyName ?? "", out var @event))
        {
            return src.Value is null ? null : new ResolvedValue(src.Value, false);
        }

        var hasData = !string.IsNullOrEmpty(src.DataKey) || !string.IsNullOrEmpty(src.DataTemplate);
        var hasContext = !string.IsNullOrEmpty(src.ContextKey) || !string.IsNullOrEmpty(src.ContextTemplate);
        if (!hasData && !hasContext)
        {
            return src.Value is not null
                ? new ResolvedValue(src.Value, false)
                : new ResolvedValue(WholeEvent(@event).ToJsonString(JsonText.Options), false);
        }

        // As in Argo, data settings replace context settings when both are given: no fallback from data to context.
        var (key, template, document) = hasData
            ? (src.DataKey, src.DataTemplate, DataAsJson(@event))
            : (src.ContextKey, src.ContextTemplate, JsonSerializer.SerializeToElement(Context(@event)));
        if (document is { ValueKind: not JsonValueKind.Undefined } source)
        {
            if (!string.IsNullOrEmpty(template) && Render(template, source) is { } rendered)
            {
                return new ResolvedValue(rendered, false);
            }

            if (!string.IsNullOrEmpty(key) && JsonPath.TryGet(source, key, out var value))
            {
                return FromElement(value, src.UseRawData == true);
            }
        }

        if (src.Value is not null)
        {
            return new ResolvedValue(src.Value, false);
        }

        throw new ParameterException($"unable to resolve a value for dependency \"{src.DependencyName}\" (dataKey \"{src.DataKey}\", contextKey \"{src.ContextKey}\") and no default value is set");
    }

    /// <summary>Applies parameters to a JSON document (a trigger template, or a payload starting from <c>{}</c>).</summary>
    public static JsonNode? Apply(JsonNode? document, IEnumerable<TriggerParameter> parameters, IReadOnlyDictionary<string, EventEnvelope> events)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Src is null)
            {
                continue;
            }

            var resolved = Resolve(parameter.Src, events);
            if (resolved is null)
            {
                continue;
            }

            document = ApplyOne(document, parameter.Dest ?? "", parameter.Operation, resolved);
        }

        return document;
    }

    /// <summary>Builds an HTTP-style body as JSON (<see cref="BuildBody"/>).</summary>
    public static JsonNode? BuildPayload(IReadOnlyList<TriggerParameter> parameters, IReadOnlyDictionary<string, EventEnvelope> events) =>
        BuildBody(parameters, events).ToNode();

    /// <summary>
    /// Builds an HTTP-style body: starts from an empty object and applies each parameter. As in Argo, the first
    /// parameter with an empty <c>dest</c> that resolves is the whole body, sent as its text.
    /// </summary>
    public static PayloadBody BuildBody(IReadOnlyList<TriggerParameter> parameters, IReadOnlyDictionary<string, EventEnvelope> events)
    {
        JsonNode? document = new JsonObject();
        foreach (var parameter in parameters)
        {
            if (parameter.Src is null || Resolve(parameter.Src, events) is not { } resolved)
            {
                continue;
            }

            if (string.IsNullOrEmpty(parameter.Dest))
            {
                return new PayloadBody(resolved.Text);
            }

            document = ApplyOne(document, parameter.Dest, parameter.Operation, resolved);
        }

        return new PayloadBody(document?.ToJsonString(JsonText.Options) ?? "null");
    }

    public static JsonNode? ApplyOne(JsonNode? document, string dest, string? operation, ResolvedValue value)
    {
        JsonNode? node;
        switch (operation)
        {
            case null or "" or "overwrite":
                node = ToNode(value);
                break;
            case "append" or "prepend":
            {
                var existing = JsonSet.Get(document, dest);
                if (existing is null)
                {
                    node = ToNode(value);
                    break;
                }

                var current = existing is JsonValue v && v.TryGetValue<string>(out var s) ? s : existing.ToJsonString();
                node = JsonValue.Create(operation == "append" ? current + value.Text : value.Text + current);
                break;
            }

            default:
                throw new ParameterException($"unsupported operation \"{operation}\": use overwrite, append or prepend");
        }

        return JsonSet.Set(document, dest, node);
    }

    private static JsonNode? ToNode(ResolvedValue value) =>
        value.IsRawJson ? JsonNode.Parse(value.Text) : JsonValue.Create(value.Text);

    private static ResolvedValue FromElement(JsonElement value, bool raw) =>
        value.ValueKind == JsonValueKind.String
            ? new ResolvedValue(value.GetString() ?? "", false)
            : raw ? new ResolvedValue(value.GetRawText(), true) : new ResolvedValue(JsonPath.ToText(value) is { Length: > 0 } t ? t : value.GetRawText(), false);

    /// <summary>
    /// The event as Argo serialises it for a parameter without keys: <c>{"context": {...}, "data": "..."}</c>, the
    /// data being its bytes in base64 (Go's encoding of a byte slice), or null without data.
    /// </summary>
    public static JsonObject WholeEvent(EventEnvelope @event) => new()
    {
        ["context"] = Context(@event),
        ["data"] = DataBytes(@event) is { } bytes ? Convert.ToBase64String(bytes) : null,
    };

    /// <summary>The event's data as bytes: a text payload (data of a non-JSON content type held as a string) as its text, else the JSON.</summary>
    public static byte[]? DataBytes(EventEnvelope @event) => @event.Data switch
    {
        null or { ValueKind: JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.String } text when !IsJsonContentType(@event.DataContentType) => Encoding.UTF8.GetBytes(text.GetString() ?? ""),
        { } json => Encoding.UTF8.GetBytes(json.GetRawText()),
    };

    /// <summary>
    /// The data that <c>dataKey</c> and <c>dataTemplate</c> read: as it is, except <c>application/yaml</c> data held as
    /// text, which is converted to JSON first as Argo does (undefined when it is not YAML).
    /// </summary>
    public static JsonElement? DataAsJson(EventEnvelope @event)
    {
        if (@event.Data is not { ValueKind: JsonValueKind.String } text || !IsYamlContentType(@event.DataContentType))
        {
            return @event.Data;
        }

        return YamlJson.TryParseFirst(text.GetString() ?? "", out var json) ? JsonSerializer.SerializeToElement(json) : default(JsonElement);
    }

    private static bool IsJsonContentType(string? contentType) => contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? true;

    private static bool IsYamlContentType(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("application/yaml", StringComparison.OrdinalIgnoreCase);

    public static JsonObject Context(EventEnvelope @event) => new()
    {
        ["id"] = @event.Id,
        ["source"] = @event.Source,
        ["specversion"] = @event.SpecVersion,
        ["type"] = @event.Type,
        ["datacontenttype"] = @event.DataContentType,
        ["subject"] = @event.Subject,
        // Kubernetes' metav1.Time, which Argo's event context uses, serialises to the second.
        ["time"] = @event.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    /// <summary>The template's output with <c>.Input</c> = the document; null when it fails or renders empty or <c>&lt;no value&gt;</c>.</summary>
    private static string? Render(string template, JsonElement document)
    {
        try
        {
            var output = GoTemplate.ParseCached(template).Execute(document);
            return output is "" or "<no value>" ? null : output;
        }
        catch (TemplateException)
        {
            return null;
        }
    }
}
