using System.Globalization;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>An Argo Backoff block: <c>duration</c> in nanoseconds or as a Go duration, numeric <c>factor</c> and <c>jitter</c>, <c>steps</c> not negative.</summary>
public static class BackoffProblems
{
    public static IEnumerable<FieldProblem> Of(string field, Backoff? backoff)
    {
        if (backoff is null)
        {
            yield break;
        }

        if (backoff.Steps is < 0)
        {
            yield return new($"{field}.steps", "must not be negative");
        }

        if (backoff.Duration is { } duration && !long.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !GoDuration.TryParse(duration, out _))
        {
            yield return new($"{field}.duration", $"\"{duration}\" is neither nanoseconds nor a duration such as 2s");
        }

        foreach (var (name, value) in new[] { ("factor", backoff.Factor), ("jitter", backoff.Jitter) })
        {
            if (value is not null && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                yield return new($"{field}.{name}", $"\"{value}\" is not a number");
            }
        }
    }
}
