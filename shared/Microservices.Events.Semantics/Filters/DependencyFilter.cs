using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Filters;

/// <summary>
/// All filter kinds of one dependency, combined by <c>filtersLogicalOperator</c> over the kinds that are defined. The
/// script runs whatever the others say, and its error fails the dependency even under <c>or</c>, as in Argo. The
/// dependency's transform is not applied here: see <see cref="DependencyEvaluation"/>.
/// </summary>
public static class DependencyFilter
{
    public static FilterResult Evaluate(EventDependency dependency, EventEnvelope @event)
    {
        var filters = dependency.Filters;
        if (filters is null)
        {
            return FilterResult.True;
        }

        var script = string.IsNullOrWhiteSpace(filters.Script) ? null : ScriptFilter.Evaluate(filters.Script, @event.Data);
        if (script is { HasErrors: true })
        {
            return new FilterResult(false, script.Errors);
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

        if (script is not null)
        {
            kinds.Add(() => script);
        }

        return FilterResult.Combine(dependency.FiltersLogicalOperator, kinds, keepErrorsOnPass: true);
    }
}
