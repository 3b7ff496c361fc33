using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Sources.Gitlab;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Project and group hook registration through GitLab's REST API v4, against a double speaking its shapes.</summary>
public sealed class GitlabHooksTests : IAsyncLifetime
{
    private GitlabApiDouble _gitlab = null!;
    private readonly Dictionary<string, string?> _secrets = new() { ["Secrets:gitlab-access:token"] = "glpat-double", ["Secrets:gitlab-secret:token"] = "gl-s3cret" };

    public async Task InitializeAsync()
    {
        _gitlab = await GitlabApiDouble.StartAsync();
        _gitlab.Known["project:whynowy/test"] = 0;
        _gitlab.Known["project:3"] = 0;
        _gitlab.Known["group:my-group"] = 0;
    }

    public async Task DisposeAsync() => await _gitlab.DisposeAsync();

    private string Source(string targets, string extra = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: gitlab}
        spec:
          gitlab:
            example:
              {{targets}}
              webhook: {endpoint: /push, port: "12000", method: POST, url: "http://events.example.com"}
              events: [PushEvents, MergeRequestsEvents]
              accessToken: {name: gitlab-access, key: token}
              secretToken: {name: gitlab-secret, key: token}
              enableSSLVerification: false
              gitlabBaseURL: {{_gitlab.BaseUrl}}
              {{extra}}
        """;

    private GitlabHooks Hooks()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(_secrets).Build());
        return new GitlabHooks(secrets, new IngressTelemetry(meters), NullLogger<GitlabHooks>.Instance);
    }

    [Fact]
    public async Task A_hook_is_added_to_each_project_with_the_url_token_and_only_the_listed_events()
    {
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source("projects: [whynowy/test, \"3\"]")));
        await hooks.Settled();

        foreach (var project in new[] { "project:whynowy/test", "project:3" })
        {
            var hook = Assert.Single(_gitlab.Hooks[project].Values);
            Assert.Equal("http://events.example.com/push", hook["url"]!.GetValue<string>());
            Assert.Equal("gl-s3cret", hook["token_given"]!.GetValue<string>());
            Assert.True(hook["push_events"]!.GetValue<bool>());
            Assert.True(hook["merge_requests_events"]!.GetValue<bool>());
            Assert.False(hook["issues_events"]!.GetValue<bool>());
            Assert.False(hook["enable_ssl_verification"]!.GetValue<bool>());
        }

        Assert.Contains("GET /api/v4/projects/whynowy%2Ftest/hooks", _gitlab.Requests);
        Assert.Equal(HealthStatus.Healthy, hooks.Health().Status);
    }

    [Fact]
    public async Task A_group_hook_with_the_same_url_is_reused_and_deleted_on_stop_with_delete_hook_on_finish()
    {
        var first = Hooks();
        first.Apply(SpecSnapshot.FromYaml(Source("groups: [my-group]")));
        await first.Settled();

        var second = Hooks();
        second.Apply(SpecSnapshot.FromYaml(Source("groups: [my-group]", "deleteHookOnFinish: true")));
        await second.Settled();
        Assert.Single(_gitlab.Hooks["group:my-group"].Values);

        await second.StopAsync(default);

        Assert.Empty(_gitlab.Hooks["group:my-group"].Values);
    }

    [Fact]
    public async Task A_wrong_access_token_or_unknown_project_is_reported_without_the_token()
    {
        _secrets["Secrets:gitlab-access:token"] = "glpat-wrong";
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source("projects: [whynowy/test]")));
        await hooks.Settled();

        var health = hooks.Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("project whynowy/test", health.Description);
        Assert.Contains("401", health.Description);
        Assert.DoesNotContain("glpat-wrong", health.Description);

        _secrets["Secrets:gitlab-access:token"] = "glpat-double";
        var other = Hooks();
        other.Apply(SpecSnapshot.FromYaml(Source("projects: [whynowy/test, nobody/unknown]")));
        await other.Settled();
        Assert.Contains("404 Project Not Found", other.Health().Description);
        Assert.Single(_gitlab.Hooks["project:whynowy/test"].Values);
    }
}
