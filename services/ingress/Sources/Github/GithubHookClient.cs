using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Octokit;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The GitHub REST API (Octokit) for one github event: authenticates with <c>apiToken</c>, or as the GitHub App
/// (<c>githubApp</c>: a JWT exchanged for an installation token), at <c>githubBaseURL</c> or github.com; finds,
/// creates and deletes the event's hooks.
/// </summary>
public sealed class GithubHookClient
{
    private static readonly ProductHeaderValue Product = new("microservices-events");
    private readonly IGitHubClient _client;

    private GithubHookClient(IGitHubClient client) => _client = client;

    /// <exception cref="InvalidOperationException">A credential cannot be resolved (message names the field, never the value).</exception>
    public static async Task<GithubHookClient> ConnectAsync(string path, GithubEventSource spec, SecretResolver secrets, TimeProvider time)
    {
        var root = GithubHookSettings.ApiRoot(spec);
        if (spec.ApiToken is not null)
        {
            var token = secrets.Resolve(spec.ApiToken) ?? throw new InvalidOperationException($"{path}.apiToken: secret {spec.ApiToken.Name}/{spec.ApiToken.Key} cannot be resolved");
            return new GithubHookClient(new GitHubClient(Product, root) { Credentials = new Credentials(token) });
        }

        var app = spec.GithubApp ?? throw new InvalidOperationException($"{path}: apiToken or githubApp is required to register hooks");
        var pem = secrets.Resolve(app.PrivateKey) ?? throw new InvalidOperationException($"{path}.githubApp.privateKey: secret {app.PrivateKey?.Name}/{app.PrivateKey?.Key} cannot be resolved");
        var jwt = GithubAppJwt.Create(app.AppID ?? 0, pem, time.GetUtcNow());
        var asApp = new GitHubClient(Product, root) { Credentials = new Credentials(jwt, AuthenticationType.Bearer) };
        var installation = await asApp.GitHubApps.CreateInstallationToken(app.InstallationID ?? 0);
        return new GithubHookClient(new GitHubClient(Product, root) { Credentials = new Credentials(installation.Token) });
    }

    /// <summary>The id of the target's hook delivering <paramref name="url"/> for <paramref name="events"/>, created when there is none.</summary>
    public async Task<(int Id, bool Created)> EnsureAsync(GithubHookTarget target, string url, IReadOnlyList<string> events, bool active, IReadOnlyDictionary<string, string> config)
    {
        if (target.Organization is { } org)
        {
            var existing = (await _client.Organization.Hook.GetAll(org)).FirstOrDefault(h => GithubHookSettings.IsSameHook(h.Config, h.Events, url, events));
            if (existing is not null)
            {
                return (existing.Id, false);
            }

            var created = await _client.Organization.Hook.Create(org, new NewOrganizationHook("web", config) { Events = events, Active = active });
            return (created.Id, true);
        }

        var hooks = await _client.Repository.Hooks.GetAll(target.Owner, target.Repository);
        var same = hooks.FirstOrDefault(h => GithubHookSettings.IsSameHook(h.Config, h.Events, url, events));
        if (same is not null)
        {
            return (same.Id, false);
        }

        var hook = await _client.Repository.Hooks.Create(target.Owner, target.Repository, new NewRepositoryHook("web", config) { Events = events, Active = active });
        return (hook.Id, true);
    }

    public Task DeleteAsync(GithubHookTarget target, int id) => target.Organization is { } org
        ? _client.Organization.Hook.Delete(org, id)
        : _client.Repository.Hooks.Delete(target.Owner, target.Repository, id);
}
