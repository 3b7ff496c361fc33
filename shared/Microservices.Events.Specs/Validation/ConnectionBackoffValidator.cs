using System.Globalization;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// The <c>connectionBackoff</c> of a broker event source: a duration (Go syntax or nanoseconds), a factor and a jitter
/// that are numbers, steps not below 0.
/// </summary>
internal static class ConnectionBackoffValidator
{
    public static void Validate(string path, Backoff? backoff, List<SpecDiagnostic> d)
    {
        if (backoff is null)
        {
            return;
        }

        if (backoff.Duration is { Length: > 0 } duration
            && !long.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && !GoDuration.TryParse(duration, out _))
        {
            d.Add(EventSourceValidator.Error($"{path}.connectionBackoff.duration", $"\"{duration}\" is not a duration such as 10s or a number of nanoseconds"));
        }

        Number($"{path}.connectionBackoff.factor", backoff.Factor, d);
        Number($"{path}.connectionBackoff.jitter", backoff.Jitter, d);
        if (backoff.Steps is < 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.connectionBackoff.steps", "must not be negative"));
        }
    }

    private static void Number(string path, string? text, List<SpecDiagnostic> d)
    {
        if (text is { Length: > 0 } && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0))
        {
            d.Add(EventSourceValidator.Error(path, $"\"{text}\" is not a number of at least 0"));
        }
    }
}
