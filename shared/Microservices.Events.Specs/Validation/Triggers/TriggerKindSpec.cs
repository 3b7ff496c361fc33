using System.Text.Json;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>Reads a kind's spec from a template, where kinds without a typed property keep their raw JSON.</summary>
public static class TriggerKindSpec
{
    /// <summary>The raw spec of <paramref name="kind"/> on the template, if it is an object.</summary>
    public static JsonElement? Raw(TriggerTemplate template, string kind)
    {
        JsonElement? raw = kind switch
        {
            "awsLambda" => template.AwsLambda,
            "kafka" => template.Kafka,
            "nats" => template.Nats,
            "slack" => template.Slack,
            "custom" => template.Custom,
            "openWhisk" => template.OpenWhisk,
            "azureEventHubs" => template.AzureEventHubs,
            "azureServiceBus" => template.AzureServiceBus,
            "pulsar" => template.Pulsar,
            "email" => template.Email,
            _ => null,
        };
        return raw is { ValueKind: JsonValueKind.Object } ? raw : null;
    }

    /// <summary>The kind's spec bound to its model, or null when the template does not hold that kind.</summary>
    /// <exception cref="JsonException">The spec does not bind (checked at load, so only after parameters changed it).</exception>
    public static T? Read<T>(TriggerTemplate template, string kind) where T : class =>
        Raw(template, kind)?.Deserialize<T>(SpecJson.Options);
}
