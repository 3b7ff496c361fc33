using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Short builders for the filter specs and events of Argo's combined-filter tests.</summary>
internal static class FilterSpecs
{
    public static DataFilter Data(string path, string type, params string[] values) => new() { Path = path, Type = type, Value = values };

    /// <summary>An expression with its fields given as <c>name=path</c>.</summary>
    public static ExprFilter Expr(string expr, params string[] fields) => new()
    {
        Expr = expr,
        Fields = fields.Select(f => f.Split('=')).Select(p => new PayloadField { Name = p[0], Path = p[1] }).ToList(),
    };

    public static EventContext Context(string source = "webhook-gateway") => new() { Type = "webhook", Source = source };

    public static TimeFilter Time(string start, string stop) => new() { Start = start, Stop = stop };

    /// <summary>A webhook event at 16:36:34 UTC, as in Argo's tests (which use today's date at that time).</summary>
    public static EventEnvelope Event(string data, string source = "webhook-gateway") => new()
    {
        Id = "1",
        SpecVersion = "0.3",
        Type = "webhook",
        Source = source,
        Subject = "example-1",
        Time = DateTimeOffset.Parse("2024-07-15T16:36:34Z", CultureInfo.InvariantCulture),
        Data = JsonDocument.Parse(data).RootElement,
    };
}
