using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Model;
using Microservices.Events.TriggerDispatch.Executors.OpenWhisk;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The openWhisk trigger against a double of OpenWhisk's action invocation that checks credentials, path and body.</summary>
public sealed class OpenWhiskTriggerTests : IAsyncLifetime
{
    private const string Credentials = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:whisk-key";
    private OpenWhiskApiDouble _whisk = null!;

    public async Task InitializeAsync() => _whisk = await OpenWhiskApiDouble.StartAsync(Credentials, "guest", new Dictionary<string, Func<JsonObject, JsonNode?>>
    {
        ["hello"] = p => new JsonObject { ["greeting"] = $"hello {p["bucket"]}" },
        ["tools/fail"] = _ => throw new InvalidOperationException("action crashed"),
    });

    public async Task DisposeAsync() => await _whisk.DisposeAsync();

    private Task<Tests.Harness.ServiceHarness> Start(string action, string credentials = Credentials) => KindDispatch.StartAsync(KindDispatch.Sensor($$"""
                - template:
                    name: invoke
                    openwhisk:
                      host: {{_whisk.Host}}
                      namespace: guest
                      actionName: {{action}}
                      authToken: {name: whisk, key: token}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.bucket}
                          dest: bucket
                        - src: {dependencyName: dep, contextKey: type}
                          dest: type
            """), new Dictionary<string, string?> { ["Secrets:whisk:token"] = credentials });

    [Fact]
    public async Task An_openwhisk_trigger_invokes_the_action_with_the_payload_as_its_parameters()
    {
        await using var h = await Start("hello");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"bucket":"photos"}}"""));

        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal(("openWhisk", "invoked action hello, status 200"), (success.Kind, success.Detail));
        var (action, parameters) = Assert.Single(_whisk.Invocations);
        Assert.Equal("hello", action);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bucket":"photos","type":"webhook"}"""), parameters), parameters.ToJsonString());
    }

    [Fact]
    public async Task Wrong_credentials_and_a_failing_action_fail_the_firing_with_openwhisks_answer()
    {
        await using var unauthorised = await Start("hello", credentials: "someone:else");
        await using var failing = await Start("tools/fail");

        await unauthorised.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"bucket":"b"}}"""));
        await failing.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"bucket":"b"}}""", firing: 2));

        Assert.Equal("invoke action hello answered 401: {\"error\":\"The supplied authentication is invalid.\",\"code\":\"auth\"}", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(unauthorised)).Reason);
        Assert.Equal("invoke action tools/fail answered 502: {\"error\":\"action crashed\"}", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(failing)).Reason);
    }

    [Theory]
    [InlineData("openwhisk.argo-events.svc:9000", null, null, "hello", "https://openwhisk.argo-events.svc:9000/api/v1/namespaces/_/actions/hello?blocking=true&result=true")]
    [InlineData("http://127.0.0.1:3233", "v2", "guest", "pkg/my action", "http://127.0.0.1:3233/api/v2/namespaces/guest/actions/pkg/my%20action?blocking=true&result=true")]
    public void The_invocation_url_follows_argos_openwhisk_client(string host, string? version, string? ns, string action, string expected) =>
        Assert.Equal(expected, OpenWhiskTriggerExecutor.InvokeUrl(new OpenWhiskTrigger { Host = host, Version = version, Namespace = ns, ActionName = action }).AbsoluteUri);
}
