using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Sources.Bitbucket;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Webhook registration through Bitbucket Server's REST API 1.0, against a double speaking its shapes.</summary>
public sealed class BitbucketServerHooksTests : IAsyncLifetime
{
    private BitbucketServerApiDouble _bitbucket = null!;
    private readonly Dictionary<string, string?> _secrets = new() { ["Secrets:bbs:token"] = "bbs-token", ["Secrets:bbs:secret"] = "hook-s3cret" };

    public async Task InitializeAsync()
    {
        _bitbucket = await BitbucketServerApiDouble.StartAsync();
        _bitbucket.Known["PROJ/repo-one"] = 0;
        _bitbucket.Known["PROJ/repo-two"] = 0;
        _bitbucket.Known["TEAM"] = 0;
    }

    public async Task DisposeAsync() => await _bitbucket.DisposeAsync();

    private string Source(string targets, string extra = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: bbs}
        spec:
          bitbucketserver:
            refs:
              {{targets}}
              webhook: {endpoint: /push, port: "12000", method: POST, url: "https://events.example.com"}
              events: ["repo:refs_changed", "pr:opened"]
              accessToken: {name: bbs, key: token}
              webhookSecret: {name: bbs, key: secret}
              bitbucketserverBaseURL: {{_bitbucket.BaseUrl}}
              {{extra}}
        """;

    private BitbucketServerHooks Hooks()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(_secrets).Build());
        return new BitbucketServerHooks(secrets, new IngressTelemetry(meters), NullLogger<BitbucketServerHooks>.Instance);
    }

    [Fact]
    public async Task A_webhook_is_created_on_each_repository_with_the_url_events_and_secret_and_reused_later()
    {
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source("repositories: [{projectKey: PROJ, repositorySlug: repo-one}, {projectKey: PROJ, repositorySlug: repo-two}]")));
        await hooks.Settled();

        foreach (var repo in new[] { "PROJ/repo-one", "PROJ/repo-two" })
        {
            var hook = Assert.Single(_bitbucket.Hooks[repo].Values);
            Assert.Equal("https://events.example.com/push", hook["url"]!.GetValue<string>());
            Assert.Equal("hook-s3cret", hook["configuration"]!["secret"]!.GetValue<string>());
            Assert.Equal(["repo:refs_changed", "pr:opened"], hook["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        }

        var again = Hooks();
        again.Apply(SpecSnapshot.FromYaml(Source("repositories: [{projectKey: PROJ, repositorySlug: repo-one}]")));
        await again.Settled();
        Assert.Single(_bitbucket.Hooks["PROJ/repo-one"].Values);
        Assert.Equal(HealthStatus.Healthy, again.Health().Status);
    }

    [Fact]
    public async Task A_project_webhook_is_deleted_on_stop_with_delete_hook_on_finish()
    {
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source("projects: [TEAM]", "deleteHookOnFinish: true")));
        await hooks.Settled();
        Assert.Single(_bitbucket.Hooks["TEAM"].Values);

        await hooks.StopAsync(default);

        Assert.Empty(_bitbucket.Hooks["TEAM"].Values);
    }

    [Fact]
    public async Task An_unknown_repository_or_bad_token_is_reported_without_the_token()
    {
        _secrets["Secrets:bbs:token"] = "bbs-wrong";
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source("repositories: [{projectKey: PROJ, repositorySlug: repo-one}]")));
        await hooks.Settled();

        var health = hooks.Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("401", health.Description);
        Assert.DoesNotContain("bbs-wrong", health.Description);

        _secrets["Secrets:bbs:token"] = "bbs-token";
        var other = Hooks();
        other.Apply(SpecSnapshot.FromYaml(Source("repositories: [{projectKey: PROJ, repositorySlug: missing}]")));
        await other.Settled();
        Assert.Contains("Repository PROJ/missing does not exist", other.Health().Description);
    }
}
