using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Filters;

/// <summary>All filter kinds of one dependency, combined by <c>filtersLogicalOperator</c> over the kinds that are defined.</summary>
public static class DependencyFilter
{
    public static FilterResult Evaluate(EventDependency dependency, EventEnvelope @event)
    {
        if (dependency.Transform is { Jq: not null } or { Script: not null })
        {
            return FilterResult.Error($"dependency \"{dependency.Name}\": transforms are not supported yet");
        }

        var filters = dependency.Filters;
        if (filters is null)
        {
            return FilterResult.True;
        }

        var kinds = new List<Func<FilterResult>>();
        if (filters.Exprs is { Count: > 0 })
        {
            kinds.Add(() => ExprFilters.Evaluate(filters.Exprs, filters.ExprLogicalOperator, @event.Data));
        }

        if (filters.Data is { Count: > 0 })
        {
            kinds.Add(() => DataFilters.Evaluate(filters.Data, filters.DataLogicalOperator, @event.Data));
        }

        if (filters.Context is not null)
        {
            kinds.Add(() => ContextFilter.Evaluate(filters.Context, @event));
        }

        if (filters.Time is not null)
        {
            kinds.Add(() => TimeWindowFilter.Evaluate(filters.Time, @event.Time));
        }

        if (!string.IsNullOrWhiteSpace(filters.Script))
        {
            kinds.Add(() => FilterResult.Error("script filters are not supported yet"));
        }

        return FilterResult.Combine(dependency.FiltersLogicalOperator, kinds, keepErrorsOnPass: true);
    }
}
