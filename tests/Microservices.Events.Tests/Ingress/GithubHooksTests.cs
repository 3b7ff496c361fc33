using System.Security.Cryptography;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Sources.Github;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Hook registration through the GitHub REST API (Octokit) against a double speaking GitHub Enterprise's REST shapes.</summary>
public sealed class GithubHooksTests : IAsyncLifetime
{
    private GithubApiDouble _github = null!;
    private readonly Dictionary<string, string?> _secrets = new() { ["Secrets:github-access:token"] = "ghp_double", ["Secrets:github-access:secret"] = "hook-s3cret" };

    public async Task InitializeAsync()
    {
        _github = await GithubApiDouble.StartAsync();
        _github.Known["argoproj/argo-events"] = 0;
        _github.Known["argoproj/argo-workflows"] = 0;
        _github.Known["argoproj"] = 0;
    }

    public async Task DisposeAsync() => await _github.DisposeAsync();

    private string Source(string settings, string name = "example") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: github}
        spec:
          github:
            {{name}}:
              webhook: {endpoint: /push, port: "12000", method: POST, url: "https://events.example.com/"}
              events: [push, pull_request]
              githubBaseURL: {{_github.BaseUrl}}
              githubUploadURL: {{_github.BaseUrl}}
              webhookSecret: {name: github-access, key: secret}
              insecure: true
              active: true
              contentType: json
              {{settings}}
        """;

    private const string Repositories = "repositories: [{owner: argoproj, names: [argo-events, argo-workflows]}]\n      apiToken: {name: github-access, key: token}";

    private GithubHooks Hooks()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var secrets = new SecretResolver(new ConfigurationBuilder().AddInMemoryCollection(_secrets).Build());
        return new GithubHooks(secrets, new IngressTelemetry(meters), TimeProvider.System, NullLogger<GithubHooks>.Instance);
    }

    [Fact]
    public async Task A_hook_is_created_on_each_repository_with_the_url_events_secret_and_settings()
    {
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source(Repositories)));
        await hooks.Settled();

        foreach (var repo in new[] { "argoproj/argo-events", "argoproj/argo-workflows" })
        {
            var hook = Assert.Single(_github.Hooks[repo].Values);
            Assert.Equal("https://events.example.com/push", hook["config"]!["url"]!.GetValue<string>());
            Assert.Equal("hook-s3cret", hook["config"]!["secret"]!.GetValue<string>());
            Assert.Equal("json", hook["config"]!["content_type"]!.GetValue<string>());
            Assert.Equal("1", hook["config"]!["insecure_ssl"]!.GetValue<string>());
            Assert.True(hook["active"]!.GetValue<bool>());
            Assert.Equal(["push", "pull_request"], hook["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        }

        Assert.Equal(HealthStatus.Healthy, hooks.Health().Status);
        Assert.Contains("2 github hook(s) registered", hooks.Health().Description);
    }

    [Fact]
    public async Task A_hook_already_delivering_to_the_url_for_the_same_events_is_reused()
    {
        var first = Hooks();
        first.Apply(SpecSnapshot.FromYaml(Source(Repositories)));
        await first.Settled();

        var restarted = Hooks();
        restarted.Apply(SpecSnapshot.FromYaml(Source(Repositories)));
        await restarted.Settled();

        Assert.Single(_github.Hooks["argoproj/argo-events"].Values);
        Assert.Equal(2, _github.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_same_spec_loaded_again_keeps_its_hooks_without_calling_GitHub_again()
    {
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source(Repositories + "\n      deleteHookOnFinish: true")));
        await hooks.Settled();
        var calls = _github.Requests.Count;

        hooks.Apply(SpecSnapshot.FromYaml(Source(Repositories + "\n      deleteHookOnFinish: true")));
        await hooks.Settled();

        Assert.Equal(calls, _github.Requests.Count);
        Assert.Single(_github.Hooks["argoproj/argo-events"].Values);
    }

    [Fact]
    public async Task Organization_hooks_are_registered_and_deleted_on_stop_with_delete_hook_on_finish()
    {
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source("organizations: [argoproj]\n      apiToken: {name: github-access, key: token}\n      deleteHookOnFinish: true")));
        await hooks.Settled();
        Assert.Single(_github.Hooks["org:argoproj"].Values);

        await hooks.StopAsync(default);

        Assert.Empty(_github.Hooks["org:argoproj"].Values);
    }

    [Fact]
    public async Task Hooks_stay_after_stop_without_delete_hook_on_finish_and_go_when_a_spec_change_removes_the_event()
    {
        var hooks = Hooks();
        hooks.Apply(SpecSnapshot.FromYaml(Source(Repositories)));
        await hooks.Settled();
        await hooks.StopAsync(default);
        Assert.Single(_github.Hooks["argoproj/argo-events"].Values);

        var deleting = Hooks();
        deleting.Apply(SpecSnapshot.FromYaml(Source(Repositories + "\n      deleteHookOnFinish: true")));
        await deleting.Settled();
        deleting.Apply(SpecSnapshot.FromYaml(Source(Repositories + "\n      deleteHookOnFinish: true", name: "renamed")));
        await deleting.Settled();

        // The event "example" went away: its hooks were deleted, and "renamed" registered its own.
        Assert.Single(_github.Hooks["argoproj/argo-events"].Values);
        Assert.Contains(_github.Requests, r => r.StartsWith("DELETE /api/v3/repos/argoproj/argo-events/hooks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_github_app_registers_with_an_installation_token_obtained_with_its_jwt()
    {
        using var key = RSA.Create(2048);
        _github.App = (AppId: 4242, InstallationId: 77, Key: key);
        _secrets["Secrets:github-app:pem"] = key.ExportPkcs8PrivateKeyPem();
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source("repositories: [{owner: argoproj, names: [argo-events]}]\n      githubApp: {privateKey: {name: github-app, key: pem}, appID: 4242, installationID: 77}")));
        await hooks.Settled();

        Assert.Single(_github.Hooks["argoproj/argo-events"].Values);
        Assert.Contains("POST /api/v3/app/installations/77/access_tokens", _github.Requests);
        Assert.Equal(HealthStatus.Healthy, hooks.Health().Status);
    }

    [Fact]
    public async Task A_registration_that_fails_is_reported_in_health_and_does_not_stop_the_other_hooks()
    {
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source("repositories: [{owner: argoproj, names: [argo-events, private-repo]}]\n      apiToken: {name: github-access, key: token}")));
        await hooks.Settled();

        Assert.Single(_github.Hooks["argoproj/argo-events"].Values);
        var health = hooks.Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("repository argoproj/private-repo", health.Description);
        Assert.Contains("was not found", health.Description);
    }

    [Fact]
    public async Task Bad_credentials_are_reported_without_the_token()
    {
        _secrets["Secrets:github-access:token"] = "ghp_wrong-token";
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source(Repositories)));
        await hooks.Settled();

        var health = hooks.Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("Bad credentials", health.Description);
        Assert.DoesNotContain("ghp_wrong-token", health.Description);
        Assert.DoesNotContain("hook-s3cret", health.Description);
    }

    [Fact]
    public async Task An_unresolvable_api_token_is_reported_by_its_field()
    {
        _secrets.Remove("Secrets:github-access:token");
        var hooks = Hooks();

        hooks.Apply(SpecSnapshot.FromYaml(Source(Repositories)));
        await hooks.Settled();

        Assert.Contains("spec.github.example.apiToken: secret github-access/token cannot be resolved", hooks.Health().Description);
        Assert.False(_github.Hooks.ContainsKey("argoproj/argo-events"));
    }
}
