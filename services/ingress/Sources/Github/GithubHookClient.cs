using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Octokit;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The GitHub REST API (Octokit) for one github event: authenticates with <c>apiToken</c>, or as the GitHub App
/// (<c>githubApp</c>: a JWT exchanged for an installation token), at <c>githubBaseURL</c> or github.com; finds,
/// creates and deletes the event's hooks.
/// </summary>
public sealed class GithubHookClient : IHookSession
{
    private static readonly ProductHeaderValue Product = new("microservices-events");
    private readonly IGitHubClient _client;
    private readonly GithubEventSource _spec;
    private readonly IReadOnlyDictionary<string, string> _config;

    private GithubHookClient(IGitHubClient client, GithubEventSource spec, SecretResolver secrets)
    {
        _client = client;
        _spec = spec;
        _config = GithubHookSettings.Config(spec, spec.WebhookSecret is null ? null : secrets.Resolve(spec.WebhookSecret));
    }

    /// <exception cref="InvalidOperationException">A credential cannot be resolved (message names the field, never the value).</exception>
    public static async Task<GithubHookClient> ConnectAsync(string path, GithubEventSource spec, SecretResolver secrets, TimeProvider time)
    {
        var root = GithubHookSettings.ApiRoot(spec);
        if (spec.ApiToken is not null)
        {
            var token = secrets.Resolve(spec.ApiToken) ?? throw new InvalidOperationException($"{path}.apiToken: secret {spec.ApiToken.Name}/{spec.ApiToken.Key} cannot be resolved");
            return new GithubHookClient(new GitHubClient(Product, root) { Credentials = new Credentials(token) }, spec, secrets);
        }

        var app = spec.GithubApp ?? throw new InvalidOperationException($"{path}: apiToken or githubApp is required to register hooks");
        var pem = secrets.Resolve(app.PrivateKey) ?? throw new InvalidOperationException($"{path}.githubApp.privateKey: secret {app.PrivateKey?.Name}/{app.PrivateKey?.Key} cannot be resolved");
        var jwt = GithubAppJwt.Create(app.AppID ?? 0, pem, time.GetUtcNow());
        var asApp = new GitHubClient(Product, root) { Credentials = new Credentials(jwt, AuthenticationType.Bearer) };
        var installation = await asApp.GitHubApps.CreateInstallationToken(app.InstallationID ?? 0);
        return new GithubHookClient(new GitHubClient(Product, root) { Credentials = new Credentials(installation.Token) }, spec, secrets);
    }

    public async Task<(long Id, bool Created)> EnsureAsync(HookTarget target)
    {
        var url = GithubHookSettings.DeliveryUrl(_spec.Webhook!);
        var events = _spec.Events ?? [];
        var active = _spec.Active ?? false;
        if (target.Scope == GithubHookSettings.Organization)
        {
            var existing = (await _client.Organization.Hook.GetAll(target.Name)).FirstOrDefault(h => GithubHookSettings.IsSameHook(h.Config, h.Events, url, events));
            if (existing is not null)
            {
                return (existing.Id, false);
            }

            var created = await _client.Organization.Hook.Create(target.Name, new NewOrganizationHook("web", _config) { Events = events, Active = active });
            return (created.Id, true);
        }

        var (owner, name) = Split(target);
        var same = (await _client.Repository.Hooks.GetAll(owner, name)).FirstOrDefault(h => GithubHookSettings.IsSameHook(h.Config, h.Events, url, events));
        if (same is not null)
        {
            return (same.Id, false);
        }

        var hook = await _client.Repository.Hooks.Create(owner, name, new NewRepositoryHook("web", _config) { Events = events, Active = active });
        return (hook.Id, true);
    }

    public Task DeleteAsync(HookTarget target, long id)
    {
        if (target.Scope == GithubHookSettings.Organization)
        {
            return _client.Organization.Hook.Delete(target.Name, checked((int)id));
        }

        var (owner, name) = Split(target);
        return _client.Repository.Hooks.Delete(owner, name, checked((int)id));
    }

    private static (string Owner, string Name) Split(HookTarget target)
    {
        var slash = target.Name.IndexOf('/', StringComparison.Ordinal);
        return (target.Name[..slash], target.Name[(slash + 1)..]);
    }
}
