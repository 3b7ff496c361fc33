using System.Globalization;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Argo's filter examples with expressions pass the event payload written in their header comment, as they say.</summary>
public sealed class ArgoFilterExampleTests
{
    [Theory]
    [InlineData("filter-with-expressions.yaml")]
    [InlineData("filter-with-multiple-expr-filters-in-or.yaml")]
    [InlineData("filter-with-multiple-filters.yaml")]
    [InlineData("filter-with-multiple-filters-in-or.yaml")]
    [InlineData("filter-with-multiple-filters-mixed.yaml")]
    public void The_documented_payload_passes(string file)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "sensors", file);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var dependency = Assert.Single(SpecLoader.LoadFile(path).Documents).Sensor!.Spec.Dependencies[0];
        var @event = new EventEnvelope
        {
            Type = "webhook",
            Source = "webhook",
            Subject = "example",
            Time = DateTimeOffset.Parse("2024-07-15T12:00:00Z", CultureInfo.InvariantCulture),
            Data = JsonDocument.Parse(PayloadComment(path)).RootElement,
        };

        var result = DependencyFilter.Evaluate(dependency, @event);

        Assert.True(result.Pass, string.Join("; ", result.Errors));
        Assert.False(result.HasErrors, string.Join("; ", result.Errors));
    }

    /// <summary>The JSON in the comment block under "# Event Payload".</summary>
    private static string PayloadComment(string path) => string.Join("\n", File.ReadLines(path)
        .TakeWhile(line => line.StartsWith('#'))
        .SkipWhile(line => !line.Contains("Event Payload", StringComparison.Ordinal))
        .Skip(1)
        .Select(line => line.TrimStart('#')));
}
