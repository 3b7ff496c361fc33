using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Gitlab;

/// <summary>
/// The GitLab hooks of the gitlab events that register them (<c>accessToken</c> and <c>webhook.url</c>, as in Argo),
/// on their groups and projects; see <see cref="HookRegistrations{TSpec}"/>.
/// </summary>
public sealed class GitlabHooks(SecretResolver secrets, IngressTelemetry telemetry, ILogger<GitlabHooks> logger)
    : HookRegistrations<GitlabEventSource>(telemetry, logger)
{
    protected override string Kind => GitlabSource.Name;

    protected override IEnumerable<(string Event, GitlabEventSource Spec)> Registering(EventSource source) =>
        (source.Spec.Gitlab ?? new Dictionary<string, GitlabEventSource>()).Where(g => g.Value.RegistersHooks).Select(g => (g.Key, g.Value));

    protected override IEnumerable<HookTarget> Targets(GitlabEventSource spec) =>
        (spec.Groups ?? []).Select(g => new HookTarget(GitlabHookClient.Group, g))
            .Concat(spec.AllProjects().Select(p => new HookTarget(GitlabHookClient.Project, p)));

    protected override bool DeleteOnFinish(GitlabEventSource spec) => spec.DeleteHookOnFinish == true;

    protected override Task<IHookSession> ConnectAsync(string path, GitlabEventSource spec)
    {
        var token = secrets.Resolve(spec.AccessToken) ?? throw new InvalidOperationException($"{path}.accessToken: secret {spec.AccessToken?.Name}/{spec.AccessToken?.Key} cannot be resolved");
        var secretToken = spec.SecretToken is null ? null : secrets.Resolve(spec.SecretToken)
            ?? throw new InvalidOperationException($"{path}.secretToken: secret {spec.SecretToken.Name}/{spec.SecretToken.Key} cannot be resolved");
        return Task.FromResult<IHookSession>(new GitlabHookClient(spec, token, secretToken));
    }
}
