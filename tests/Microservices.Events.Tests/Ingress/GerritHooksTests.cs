using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Sources.Gerrit;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Hook registration through the webhooks plugin of Gerrit's REST API, against a double speaking its wire format.</summary>
public sealed class GerritHooksTests : IAsyncLifetime
{
    private GerritApiDouble _gerrit = null!;
    private readonly Dictionary<string, string?> _secrets = new() { ["Secrets:gerrit-access:username"] = "gerrit-user", ["Secrets:gerrit-access:password"] = "gerrit-password" };

    public async Task InitializeAsync()
    {
        _gerrit = await GerritApiDouble.StartAsync();
        _gerrit.Projects["argo-webhook"] = 0;
        _gerrit.Projects["argo/webhook"] = 0;
    }

    public async Task DisposeAsync() => await _gerrit.DisposeAsync();

    private string Source(string projects, string extra = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: gerrit}
        spec:
          gerrit:
            example:
              projects: {{projects}}
              hookName: argo-webhook-example
              webhook: {endpoint: /push, port: "13000", method: POST, url: "https://events.example.com"}
              events: [patchset-created, change-merged]
              auth:
                username: {name: gerrit-access, key: username}
                password: {name: gerrit-access, key: password}
              sslVerify: true
              gerritBaseURL: {{_gerrit.BaseUrl}}
              {{extra}}
        """;

    private GerritHooks Hooks()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(_secrets).Build());
        return new GerritHooks(secrets, new IngressTelemetry(meters), NullLogger<GerritHooks>.Instance);
    }

    [Fact]
    public async Task The_hook_is_put_on_each_project_with_the_url_events_and_ssl_verify_and_kept_on_a_restart()
    {
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source("[argo-webhook, argo/webhook]")));
        await hooks.Settled();

        Assert.Equal(HealthStatus.Healthy, hooks.Health().Status);
        foreach (var project in new[] { "argo-webhook", "argo/webhook" })
        {
            var remote = Assert.Single(_gerrit.Remotes[project]);
            Assert.Equal("argo-webhook-example", remote.Key);
            Assert.Equal("https://events.example.com/push", remote.Value["url"]!.GetValue<string>());
            Assert.Equal(["patchset-created", "change-merged"], remote.Value["events"]!.AsArray().Select(e => e!.GetValue<string>()));
            Assert.True(remote.Value["ssl_verify"]!.GetValue<bool>());
        }

        var again = Hooks();
        again.Apply(SpecSnapshot.FromYaml(Source("[argo-webhook]")));
        await again.Settled();
        Assert.Single(_gerrit.Remotes["argo-webhook"]);
        Assert.Equal(HealthStatus.Healthy, again.Health().Status);
    }

    [Fact]
    public async Task The_hook_is_deleted_on_stop_with_delete_hook_on_finish_and_kept_without()
    {
        var deleting = Hooks();
        deleting.Apply(SpecSnapshot.FromYaml(Source("[argo/webhook]", "deleteHookOnFinish: true")));
        await deleting.Settled();
        Assert.Single(_gerrit.Remotes["argo/webhook"]);
        await deleting.StopAsync(default);
        Assert.Empty(_gerrit.Remotes["argo/webhook"]);

        var keeping = Hooks();
        keeping.Apply(SpecSnapshot.FromYaml(Source("[argo-webhook]")));
        await keeping.Settled();
        await keeping.StopAsync(default);
        Assert.Single(_gerrit.Remotes["argo-webhook"]);
    }

    [Fact]
    public async Task Wrong_credentials_or_an_unknown_project_are_reported_without_the_password()
    {
        _secrets["Secrets:gerrit-access:password"] = "wrong-password";
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source("[argo-webhook]")));
        await hooks.Settled();

        var health = hooks.Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("401", health.Description);
        Assert.DoesNotContain("wrong-password", health.Description);

        _secrets["Secrets:gerrit-access:password"] = "gerrit-password";
        var other = Hooks();
        other.Apply(SpecSnapshot.FromYaml(Source("[missing]")));
        await other.Settled();
        Assert.Contains("Not found: missing", other.Health().Description);
    }

    [Theory]
    [InlineData(")]}'\n{\"url\":\"u\"}", "u")]
    [InlineData("{\"url\":\"u\"}", "u")]
    public void A_response_is_read_with_or_without_the_xssi_prefix(string text, string url) =>
        Assert.Equal(url, GerritHooks.ParseResponse(text)!["url"]!.GetValue<string>());
}
