using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Filters;

/// <summary>Exact match of the non-empty context fields (type, subject, source, datacontenttype) against the CloudEvent.</summary>
public static class ContextFilter
{
    public static FilterResult Evaluate(EventContext? filter, EventEnvelope? @event)
    {
        if (filter is null)
        {
            return FilterResult.True;
        }

        if (@event is null)
        {
            return FilterResult.False;
        }

        var pass = Matches(filter.Type, @event.Type)
                   && Matches(filter.Subject, @event.Subject)
                   && Matches(filter.Source, @event.Source)
                   && Matches(filter.Datacontenttype, @event.DataContentType);
        return pass ? FilterResult.True : FilterResult.False;
    }

    private static bool Matches(string? expected, string actual) => string.IsNullOrEmpty(expected) || expected == actual;
}
