using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Tests.Specs.TriggerKinds;

/// <summary>azureEventHubs, azureServiceBus and pulsar cannot run here: every field is checked, and the trigger is refused at load by name.</summary>
public sealed class RefusedKindSpecTests
{
    private const string Payload = "payload: [{src: {dependencyName: dep, value: x}, dest: x}]";

    [Theory]
    [InlineData("azureEventHubs", "fqdn: ns.servicebus.windows.net\nhubName: hub\nsharedAccessKeyName: {name: s, key: n}\nsharedAccessKey: {name: s, key: k}")]
    [InlineData("azureServiceBus", "connectionString: {name: s, key: c}\ntopicName: t\nsubscriptionName: sub")]
    [InlineData("pulsar", "url: pulsar+ssl://broker:6651\ntopic: persistent://public/default/events\nauthTokenSecret: {name: s, key: t}\nconnectionBackoff: {duration: 1s, steps: 3}")]
    public void A_complete_trigger_of_a_kind_that_cannot_run_is_refused_by_name_and_nothing_else(string kind, string fields)
    {
        var file = KindSpecs.Load($"name: t\n{kind}:\n  {fields.Replace("\n", "\n  ")}\n  {Payload}");

        Assert.Equal([$"spec.triggers[0].template.{kind}: {RefusedTriggerValidators.Refusal(kind)}"], KindSpecs.Errors(file));
        Assert.Empty(KindSpecs.Unsupported(file));
        // A document with an error is left out of the specs the services run.
        Assert.True(Assert.Single(file.Documents).HasErrors);
    }

    public static TheoryData<string, string, string> Problems() => new()
    {
        { "azureEventHubs", $"hubName: hub\nsharedAccessKeyName: {{name: s, key: n}}\nsharedAccessKey: {{name: s, key: k}}\n{Payload}", "spec.triggers[0].template.azureEventHubs.fqdn: required: the namespace's host name, <namespace>.servicebus.windows.net" },
        { "azureEventHubs", $"fqdn: ns.servicebus.windows.net\nhubName: \"-hub\"\nsharedAccessKeyName: {{name: s, key: n}}\nsharedAccessKey: {{name: s, key: k}}\n{Payload}", "spec.triggers[0].template.azureEventHubs.hubName: \"-hub\" is not a name of letters, digits, . - _ / (starting and ending with a letter or digit)" },
        { "azureEventHubs", $"fqdn: ns.servicebus.windows.net\nhubName: hub\nsharedAccessKeyName: {{name: s, key: n}}\n{Payload}", "spec.triggers[0].template.azureEventHubs.sharedAccessKey: required: a secret reference {name, key}" },
        { "azureServiceBus", $"connectionString: {{name: s, key: c}}\n{Payload}", "spec.triggers[0].template.azureServiceBus.queueName: required: queueName, or topicName" },
        { "azureServiceBus", $"connectionString: {{name: s, key: c}}\nqueueName: q\ntopicName: t\n{Payload}", "spec.triggers[0].template.azureServiceBus.queueName: queueName and topicName exclude each other" },
        { "azureServiceBus", "connectionString: {name: s, key: c}\nqueueName: q", "spec.triggers[0].template.azureServiceBus.payload: required: the message is built from payload parameters" },
        { "pulsar", $"url: http://broker:8080\ntopic: t\n{Payload}", "spec.triggers[0].template.pulsar.url: \"http://broker:8080\" is not a pulsar:// or pulsar+ssl:// URL" },
        { "pulsar", $"url: pulsar://broker:6650\n{Payload}", "spec.triggers[0].template.pulsar.topic: required" },
        { "pulsar", $"url: pulsar://broker:6650\ntopic: t\nauthAthenzParams: {{tenantDomain: d}}\n{Payload}", "spec.triggers[0].template.pulsar.authAthenzSecret: authAthenzParams and authAthenzSecret go together" },
        { "pulsar", $"url: pulsar://broker:6650\ntopic: t\nconnectionBackoff: {{duration: soon}}\n{Payload}", "spec.triggers[0].template.pulsar.connectionBackoff.duration: \"soon\" is neither nanoseconds nor a duration such as 2s" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Each_field_problem_is_reported_at_its_path_beside_the_refusal(string kind, string fields, string expected)
    {
        var file = KindSpecs.Load($"name: t\n{kind}:\n  {fields.Replace("\n", "\n  ")}");

        Assert.Equal([expected, $"spec.triggers[0].template.{kind}: {RefusedTriggerValidators.Refusal(kind)}"], KindSpecs.Errors(file));
    }

    [Theory]
    [InlineData("azure-event-hubs-sensor.yaml", "azureEventHubs")]
    [InlineData("azure-service-bus-sensor.yaml", "azureServiceBus")]
    public void Argos_example_is_refused_at_load_by_name_only(string example, string kind)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "sensors", example);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, $"CI=true but {path} is missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.Equal([$"spec.triggers[0].template.{kind}: {RefusedTriggerValidators.Refusal(kind)}"], KindSpecs.Errors(file));
    }
}
