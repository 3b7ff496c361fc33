using Microservices.Events.Contracts;

namespace Microservices.Events.BusGateway;

/// <summary>Checks the CloudEvents 1.0 context attributes the pipeline relies on; returns one message per problem.</summary>
public static class CloudEventValidator
{
    public static IReadOnlyList<string> Validate(EventEnvelope @event, int maxDataBytes)
    {
        var errors = new List<string>();
        if (@event.SpecVersion != "1.0")
        {
            errors.Add($"specversion: \"{@event.SpecVersion}\" is not supported, must be \"1.0\"");
        }

        if (string.IsNullOrWhiteSpace(@event.Id))
        {
            errors.Add("id: required");
        }

        if (string.IsNullOrWhiteSpace(@event.Source))
        {
            errors.Add("source: required (the EventSource name)");
        }

        if (string.IsNullOrWhiteSpace(@event.Type))
        {
            errors.Add("type: required (the event source kind)");
        }

        if (string.IsNullOrWhiteSpace(@event.Subject))
        {
            errors.Add("subject: required (the event name)");
        }

        if (@event.Time == default)
        {
            errors.Add("time: required");
        }

        if (@event.Data is { } data && !string.IsNullOrEmpty(@event.DataContentType) &&
            !@event.DataContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) &&
            !@event.DataContentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"datacontenttype: \"{@event.DataContentType}\" is not JSON");
        }

        if (@event.Data is { } d && d.GetRawText().Length > maxDataBytes)
        {
            errors.Add($"data: larger than {maxDataBytes} bytes");
        }

        return errors;
    }
}
