using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>
/// A trigger's name, its conditions and exactly one action kind. <c>log</c> and <c>http</c> have typed models here; the
/// kinds kept as raw JSON are read and checked through <c>Validation/Triggers</c>, and those none checks there are
/// recognised by name and reported as not supported yet.
/// </summary>
public sealed record TriggerTemplate
{
    public string? Name { get; init; }
    public string? Conditions { get; init; }
    public IReadOnlyList<ConditionsResetCriteria>? ConditionsReset { get; init; }

    public LogTrigger? Log { get; init; }
    public HttpTrigger? Http { get; init; }

    public JsonElement? K8s { get; init; }
    public JsonElement? ArgoWorkflow { get; init; }
    public JsonElement? AwsLambda { get; init; }
    public JsonElement? Kafka { get; init; }
    public JsonElement? Nats { get; init; }
    public JsonElement? Slack { get; init; }
    public JsonElement? Custom { get; init; }
    public JsonElement? OpenWhisk { get; init; }
    public JsonElement? AzureEventHubs { get; init; }
    public JsonElement? AzureServiceBus { get; init; }
    public JsonElement? Pulsar { get; init; }
    public JsonElement? Email { get; init; }

    /// <summary>The spec keys of every action kind set on this template.</summary>
    public IReadOnlyList<string> Kinds()
    {
        var kinds = new List<string>();
        if (Log is not null) kinds.Add("log");
        if (Http is not null) kinds.Add("http");
        (string, JsonElement?)[] others =
        [
            ("k8s", K8s), ("argoWorkflow", ArgoWorkflow), ("awsLambda", AwsLambda), ("kafka", Kafka), ("nats", Nats),
            ("slack", Slack), ("custom", Custom), ("openWhisk", OpenWhisk), ("azureEventHubs", AzureEventHubs),
            ("azureServiceBus", AzureServiceBus), ("pulsar", Pulsar), ("email", Email),
        ];
        foreach (var (kind, value) in others)
        {
            if (value is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined })
            {
                kinds.Add(kind);
            }
        }

        return kinds;
    }
}

/// <summary>Clears a trigger's stored events on a schedule.</summary>
public sealed record ConditionsResetCriteria
{
    public ConditionsResetByTime? ByTime { get; init; }
}

/// <summary>A 5-field cron with an optional IANA timezone.</summary>
public sealed record ConditionsResetByTime
{
    public string? Cron { get; init; }
    public string? Timezone { get; init; }
}
