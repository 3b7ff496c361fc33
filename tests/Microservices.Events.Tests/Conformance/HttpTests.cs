using System.Net;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Executors.Http;

namespace Microservices.Events.Tests.Conformance;

/// <summary>Argo's <c>pkg/sensors/triggers/http/http_test.go</c>: the http trigger's resource, parameters and status policy.</summary>
public sealed class HttpTests
{
    private static Trigger FakeTrigger(string? host = null) => new()
    {
        Template = new() { Name = "fake-trigger", Http = new() { Url = "http://fake.com:12000", Method = "POST", Timeout = 10, Host = host } },
    };

    private static readonly Dictionary<string, EventEnvelope> Events = new()
    {
        ["fake-dependency"] = new()
        {
            Id = "1",
            Type = "webhook",
            Source = "webhook-gateway",
            Subject = "example-1",
            Data = JsonDocument.Parse("""{"url": "http://another-fake.com", "method": "GET"}""").RootElement,
        },
    };

    public static readonly ArgoCase FetchResource = new("TestHTTPTrigger_FetchResource");

    [Fact]
    public void TestHTTPTrigger_FetchResource_the_resource_is_the_http_spec()
    {
        var http = FiringResolver.Resolve(FakeTrigger(), Events).ToTemplate().Http!;

        Assert.Equal("http://fake.com:12000", http.Url);
    }

    public static readonly ArgoCase FetchResourceHost = new("TestHTTPTrigger_FetchResourceHost");

    [Fact]
    public void TestHTTPTrigger_FetchResourceHost_the_host_is_kept()
    {
        var http = FiringResolver.Resolve(FakeTrigger("fake-host.com"), Events).ToTemplate().Http!;

        Assert.Equal("http://fake.com:12000", http.Url);
        Assert.Equal("fake-host.com", http.Host);
    }

    public static readonly ArgoCase ApplyResourceParameters = new("TestHTTPTrigger_ApplyResourceParameters");

    [Fact]
    public void TestHTTPTrigger_ApplyResourceParameters_parameters_patch_the_http_spec()
    {
        var trigger = FakeTrigger();
        trigger = trigger with
        {
            Template = trigger.Template! with
            {
                Http = trigger.Template.Http! with
                {
                    SecureHeaders = [new() { Name = "test", ValueFrom = new() { SecretKeyRef = new() { Name = "tokens", Key = "serviceToken" } } }],
                    Parameters =
                    [
                        // serverURL is no field of the http spec: the URL stays as it is.
                        new() { Src = new() { DependencyName = "fake-dependency", DataKey = "url", Value = "http://default.com" }, Dest = "serverURL" },
                        new() { Src = new() { DependencyName = "fake-dependency", DataKey = "method", Value = "http://default.com" }, Dest = "method" },
                    ],
                },
            },
        };

        var http = FiringResolver.Resolve(trigger, Events).ToTemplate().Http!;

        Assert.Equal("http://fake.com:12000", http.Url);
        Assert.Equal("GET", http.Method);
        Assert.Equal("serviceToken", http.SecureHeaders![0].ValueFrom!.SecretKeyRef!.Key);
    }

    public static readonly ArgoCase ApplyPolicy = new("TestHTTPTrigger_ApplyPolicy");

    [Fact]
    public async Task TestHTTPTrigger_ApplyPolicy_a_status_outside_policy_status_allow_fails()
    {
        async Task<bool> Succeeds(params int[] allow)
        {
            var trigger = FakeTrigger() with { Policy = new() { Status = new() { Allow = allow } } };
            var execution = new TriggerExecution(Guid.NewGuid(), "fake-sensor", trigger, trigger.Template!, FiringResolver.Resolve(trigger, Events), Events);
            return (await Executor(new RecordingHttp(HttpStatusCode.OK)).ExecuteAsync(execution, CancellationToken.None)).Success;
        }

        Assert.True(await Succeeds(200, 300));
        Assert.False(await Succeeds(300));
    }

    public static readonly ArgoCase BasicAuthPasswordError = new("TestHTTPTrigger_Execute_BasicAuthPasswordError");

    [Fact]
    public async Task TestHTTPTrigger_Execute_BasicAuthPasswordError_a_missing_password_secret_fails_before_any_request()
    {
        var trigger = FakeTrigger() with
        {
            Template = FakeTrigger().Template! with
            {
                Http = FakeTrigger().Template!.Http! with { BasicAuth = new() { Password = new() { Name = "missing", Key = "pwd" } } },
            },
        };
        var execution = new TriggerExecution(Guid.NewGuid(), "fake-sensor", trigger, trigger.Template!, FiringResolver.Resolve(trigger, Events), Events);
        var http = new RecordingHttp(HttpStatusCode.OK);

        var outcome = await Executor(http).ExecuteAsync(execution, CancellationToken.None);

        Assert.False(outcome.Success);
        Assert.Equal("basicAuth.password: secret \"missing\" has no key \"pwd\"", outcome.Detail);
        Assert.Empty(http.Requests);
    }

    /// <summary>The http executor over <paramref name="clients"/>, with no secrets or config maps configured.</summary>
    internal static HttpTriggerExecutor Executor(IHttpClientFactory clients)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        return new HttpTriggerExecutor(clients, new HttpTlsClients(), new Microservices.Events.Specs.Sources.SecretResolver(configuration), new Microservices.Events.Specs.Sources.ConfigMapResolver(configuration));
    }

    public static IEnumerable<ArgoCase> Inventory => [FetchResource, FetchResourceHost, ApplyResourceParameters, ApplyPolicy, BasicAuthPasswordError];
}
