using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Transforms;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Filters;

/// <summary>
/// What one dependency makes of one event: its transform first, then its filters on the transformed event. A failed
/// transform fails the dependency (with the error) and leaves the event as it was.
/// </summary>
public static class DependencyEvaluation
{
    public static (EventEnvelope Event, FilterResult Result) Evaluate(EventDependency dependency, EventEnvelope @event)
    {
        var transformed = EventTransform.Apply(dependency.Transform, @event);
        return transformed.Error is { } error
            ? (@event, FilterResult.Error(error))
            : (transformed.Event, DependencyFilter.Evaluate(dependency, transformed.Event));
    }
}
