using System.Text.Json;

namespace Microservices.Events.Specs.Model;

/// <summary>
/// A trigger's name, its conditions and exactly one action kind. <c>log</c>, <c>http</c>, <c>k8s</c> and
/// <c>argoWorkflow</c> have typed models here; the kinds kept as raw JSON are read and checked through
/// <c>Validation/Triggers</c>, and those none checks there are recognised by name and reported as not supported yet.
/// </summary>
public sealed record TriggerTemplate
{
    public string? Name { get; init; }
    public string? Conditions { get; init; }
    public IReadOnlyList<ConditionsResetCriteria>? ConditionsReset { get; init; }

    public LogTrigger? Log { get; init; }
    public HttpTrigger? Http { get; init; }

    public K8sTrigger? K8s { get; init; }
    public ArgoWorkflowTrigger? ArgoWorkflow { get; init; }
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

    /// <summary>The spec keys of the kinds held as JSON, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> JsonKinds =
    [
        "awsLambda", "kafka", "nats", "slack", "custom", "openWhisk", "azureEventHubs", "azureServiceBus", "pulsar", "email",
    ];

    /// <summary>The spec of a kind held as JSON (one of <see cref="JsonKinds"/>); null for the typed kinds (<c>log</c>, <c>http</c>, <c>k8s</c>, <c>argoWorkflow</c>) or an unknown key.</summary>
    public JsonElement? KindSpec(string kind) => kind switch
    {
        "awsLambda" => AwsLambda,
        "kafka" => Kafka,
        "nats" => Nats,
        "slack" => Slack,
        "custom" => Custom,
        "openWhisk" => OpenWhisk,
        "azureEventHubs" => AzureEventHubs,
        "azureServiceBus" => AzureServiceBus,
        "pulsar" => Pulsar,
        "email" => Email,
        _ => null,
    };

    /// <summary>The spec keys of every action kind set on this template.</summary>
    public IReadOnlyList<string> Kinds()
    {
        var kinds = new List<string>();
        if (Log is not null) kinds.Add("log");
        if (Http is not null) kinds.Add("http");
        if (K8s is not null) kinds.Add("k8s");
        if (ArgoWorkflow is not null) kinds.Add("argoWorkflow");
        kinds.AddRange(JsonKinds.Where(k => KindSpec(k) is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined }));
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
