using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// Load-time checks of a <c>storageGrid</c> event: its route and the fields of the bucket's notification configuration.
/// That configuration is not written to StorageGRID: a warning says it must be set on the bucket by hand.
/// </summary>
public static class StorageGridValidator
{
    public static void Validate(string path, StorageGridEventSource grid, HashSet<string> routes, List<SpecDiagnostic> d)
    {
        if (grid.Webhook is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.webhook", "required: the endpoint, port and method StorageGRID delivers to"));
        }
        else
        {
            EventSourceValidator.ValidateWebhook($"{path}.webhook", grid.Webhook, routes, d);
        }

        Required(d, $"{path}.topicArn", grid.TopicArn);
        Required(d, $"{path}.bucket", grid.Bucket);
        Required(d, $"{path}.apiURL", grid.ApiUrl);
        foreach (var problem in SecretProblems.Of("authToken", grid.AuthToken, required: true))
        {
            d.Add(EventSourceValidator.Error($"{path}.{problem.Field}", problem.Message));
        }

        for (var i = 0; i < (grid.Events?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(grid.Events![i]))
            {
                d.Add(EventSourceValidator.Error($"{path}.events[{i}]", "must not be empty"));
            }
        }

        d.Add(new(DiagnosticSeverity.Warning, path,
            $"the notification configuration of bucket \"{grid.Bucket}\" (topic {grid.TopicArn}) is not registered through apiURL: configure it on the bucket in StorageGRID by hand"));
    }

    private static void Required(List<SpecDiagnostic> d, string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            d.Add(EventSourceValidator.Error(path, "required"));
        }
    }
}
