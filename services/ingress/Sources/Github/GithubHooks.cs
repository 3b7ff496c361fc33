using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>
/// The GitHub hooks of the github events that register them (API credentials and <c>webhook.url</c>, as in Argo), on
/// their organizations or repositories; see <see cref="HookRegistrations{TSpec}"/>.
/// </summary>
public sealed class GithubHooks(SecretResolver secrets, IngressTelemetry telemetry, TimeProvider time, ILogger<GithubHooks> logger)
    : HookRegistrations<GithubEventSource>(telemetry, logger)
{
    protected override string Kind => GithubSource.Name;

    protected override IEnumerable<(string Event, GithubEventSource Spec)> Registering(EventSource source) =>
        (source.Spec.Github ?? new Dictionary<string, GithubEventSource>()).Where(g => g.Value.RegistersHooks).Select(g => (g.Key, g.Value));

    protected override IEnumerable<HookTarget> Targets(GithubEventSource spec) => GithubHookSettings.Targets(spec);

    protected override bool DeleteOnFinish(GithubEventSource spec) => spec.DeleteHookOnFinish == true;

    protected override async Task<IHookSession> ConnectAsync(string path, GithubEventSource spec) =>
        await GithubHookClient.ConnectAsync(path, spec, secrets, time);
}
