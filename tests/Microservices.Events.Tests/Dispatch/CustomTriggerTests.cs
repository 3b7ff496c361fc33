using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.TriggerDispatch.Executors.Custom;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The custom trigger against a gRPC server speaking Argo's custom trigger protocol.</summary>
public sealed class CustomTriggerTests
{
    private static string Triggers(string serverUrl, string extra = "") => $$"""
                - template:
                    name: run
                    custom:
                      serverURL: {{serverUrl}}
                      spec:
                        url: "https://example.test/pipeline.yaml"
                        mode: fast
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.namespace}
                          dest: metadata.namespace
                      payload:
                        - src: {dependencyName: dep, dataKey: body.commit}
                          dest: commit
            {{extra}}
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.mode}
                      dest: custom.spec.mode
            """;

    [Fact]
    public async Task A_custom_trigger_fetches_the_resource_applies_parameters_executes_it_and_asks_the_policy()
    {
        await using var server = await CustomTriggerServer.StartAsync();
        await using var h = await KindDispatch.StartAsync(KindDispatch.Sensor(Triggers(server.ServerUrl)), new Dictionary<string, string?>());

        await h.Bus.Publish(KindDispatch.Request("run", """{"body":{"namespace":"ci","commit":"abc123","mode":"slow"}}"""));

        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal(("custom", $"executed by {server.ServerUrl}: run accepted"), (success.Kind, success.Detail));
        Assert.Equal("mode: slow\nurl: https://example.test/pipeline.yaml\n", Assert.Single(server.FetchedSpecs));
        var (resource, payload) = Assert.Single(server.Executions);
        Assert.Equal("ci", JsonNode.Parse(resource)!["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("""{"commit":"abc123"}""", payload);
        Assert.Equal("Run", JsonNode.Parse(Assert.Single(server.PolicyRequests))!["executed"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_policy_the_server_reports_unsatisfied_fails_the_firing_with_its_message()
    {
        await using var server = await CustomTriggerServer.StartAsync();
        server.PolicySuccess = false;
        await using var h = await KindDispatch.StartAsync(KindDispatch.Sensor(Triggers(server.ServerUrl)), new Dictionary<string, string?>());

        await h.Bus.Publish(KindDispatch.Request("run", """{"body":{"namespace":"ci","commit":"c","mode":"m"}}"""));

        Assert.Equal($"{server.ServerUrl} reported the policy not satisfied: run rejected", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
    }

    [Fact]
    public async Task A_secure_connection_trusts_the_server_through_cert_secret_only()
    {
        using var certificates = TestCertificates.Create();
        using var otherCa = TestCertificates.Create();
        await using var server = await CustomTriggerServer.StartAsync(certificates);
        var secure = "          secure: true\n          certSecret: {name: grpc, key: ca.crt}";
        await using var trusted = await KindDispatch.StartAsync(KindDispatch.Sensor(Triggers(server.ServerUrl, secure)), new Dictionary<string, string?> { ["Secrets:grpc:ca.crt"] = certificates.CaPem });
        await using var untrusted = await KindDispatch.StartAsync(KindDispatch.Sensor(Triggers(server.ServerUrl, secure)), new Dictionary<string, string?> { ["Secrets:grpc:ca.crt"] = otherCa.CaPem });

        await trusted.Bus.Publish(KindDispatch.Request("run", """{"body":{"namespace":"ci","commit":"c","mode":"m"}}"""));
        await untrusted.Bus.Publish(KindDispatch.Request("run", """{"body":{"namespace":"ci","commit":"c","mode":"m"}}""", firing: 2));

        await KindDispatch.Outcomes<TriggerSucceeded>(trusted);
        Assert.StartsWith($"FetchResource at {server.ServerUrl} failed: ", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(untrusted)).Reason);
        Assert.Single(server.Executions);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_fails_the_firing_naming_the_step()
    {
        var serverUrl = $"127.0.0.1:{FreePort.Next()}";
        await using var h = await KindDispatch.StartAsync(KindDispatch.Sensor(Triggers(serverUrl)), new Dictionary<string, string?>());

        await h.Bus.Publish(KindDispatch.Request("run", """{"body":{"namespace":"ci","commit":"c","mode":"m"}}"""));

        Assert.StartsWith($"FetchResource at {serverUrl} failed: Unavailable", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
    }

    [Fact]
    public void The_spec_goes_to_the_server_as_yaml_with_its_keys_in_order() =>
        Assert.Equal("a: 1\nb: 'yes: no'\n", CustomTriggerExecutor.SpecYaml(new Dictionary<string, string> { ["b"] = "yes: no", ["a"] = "1" }));
}
