using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Microservices.Events.Semantics.Templates;

/// <summary>
/// A parsed Go text/template with Go's builtins and a sprig subset (see <see cref="GoBuiltins"/> and
/// <see cref="SprigFunctions"/>). Data is JSON seen as Go's encoding/json decodes it into interface{}: objects are
/// maps, numbers float64. Argo passes its input as <c>.Input</c>.
/// </summary>
public sealed class GoTemplate
{
    private const int CacheLimit = 512;
    private static readonly ConcurrentDictionary<string, GoTemplate> Cache = new(StringComparer.Ordinal);

    private readonly ListNode _root;

    private GoTemplate(string source, ListNode root)
    {
        Source = source;
        _root = root;
    }

    public string Source { get; }

    /// <exception cref="TemplateException">The template does not parse (syntax, unknown function, undefined variable).</exception>
    public static GoTemplate Parse(string source) =>
        new(source, TemplateParser.Parse(source, TemplateFunctions.All.ContainsKey));

    /// <summary>Like <see cref="Parse"/>, reusing an earlier parse of the same text.</summary>
    public static GoTemplate ParseCached(string source)
    {
        if (Cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var template = Parse(source);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }

        Cache[source] = template;
        return template;
    }

    /// <summary>Runs the template with <c>{"Input": input}</c> as data.</summary>
    /// <exception cref="TemplateException">Execution failed.</exception>
    public string Execute(JsonNode? input, TimeProvider? time = null) =>
        Execute(new Dictionary<string, JsonNode?> { ["Input"] = input }, time);

    /// <summary>
    /// Runs the template with <c>{"Input": input}</c> as data, read straight from the JSON element: a repeated key
    /// keeps its last value, as Go's decoder does (a <see cref="JsonNode"/> cannot hold one).
    /// </summary>
    /// <exception cref="TemplateException">Execution failed.</exception>
    public string Execute(System.Text.Json.JsonElement input, TimeProvider? time = null)
    {
        var data = GoValues.NewMap();
        data["Input"] = GoValues.FromJson(input);
        return TemplateExecutor.Execute(Source, _root, data, new CallContext(time ?? TimeProvider.System));
    }

    /// <summary>Runs the template with the given top-level fields as data.</summary>
    /// <exception cref="TemplateException">Execution failed.</exception>
    public string Execute(IReadOnlyDictionary<string, JsonNode?> fields, TimeProvider? time = null)
    {
        var data = GoValues.NewMap();
        foreach (var (name, node) in fields)
        {
            data[name] = GoValues.FromJson(node);
        }

        return TemplateExecutor.Execute(Source, _root, data, new CallContext(time ?? TimeProvider.System));
    }
}
