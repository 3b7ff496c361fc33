using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/dependencies/filter_ctx_test.go</c>: context filters over the CloudEvent attributes.</summary>
public sealed class FilterCtxTests
{
    public sealed record Row(ArgoCase Case, EventContext? Filter, EventEnvelope? Event, bool Pass) : IArgoCase;

    private static Row C(string name, EventContext? filter, EventEnvelope? @event, bool pass) =>
        new(new ArgoCase(ArgoCase.GoName("TestFilterContext", name)), filter, @event, pass);

    public static readonly Row[] Cases =
    [
        C("different event contexts", new() { Type = "webhook" },
            new() { Type = "calendar", Source = "calendar-gateway", Id = "1", Time = DateTimeOffset.UtcNow, Subject = "example-1" }, false),
        C("contexts are same", new() { Type = "webhook", Source = "webhook-gateway" },
            new() { Type = "webhook", SpecVersion = "0.3", Source = "webhook-gateway", Id = "1", Time = DateTimeOffset.UtcNow, Subject = "example-1" }, true),
        C("actual event context is nil", new(), null, false),
        C("expectedResult event context is nil", null, new() { Type = "webhook" }, true),
    ];

    public static TheoryData<string> Names() => ArgoCases.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Context_filters_agree_with_Argo(string name)
    {
        var c = ArgoCases.Find(Cases, name);

        Assert.Equal(c.Pass, ContextFilter.Evaluate(c.Filter, c.Event).Pass);
    }

    public static IEnumerable<ArgoCase> Inventory => Cases.Select(c => c.Case);
}
