using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Gerrit;

/// <summary>
/// The Gerrit hooks of the gerrit events that give <c>webhook.url</c>: the remote <c>hookName</c> of each of
/// <c>projects</c>, put through the webhooks plugin of the REST API at <c>gerritBaseURL</c>
/// (<c>PUT /a/config/server/webhooks~projects/{project}/remotes/{hookName}</c> with basic <c>auth</c>; without auth the
/// anonymous path, without <c>/a</c>), deleted on finish with <c>deleteHookOnFinish</c>; see
/// <see cref="HookRegistrations{TSpec}"/>. <c>sslVerify</c> is passed to Gerrit as the hook's <c>ssl_verify</c>.
/// </summary>
public sealed class GerritHooks(SecretResolver secrets, IngressTelemetry telemetry, ILogger<GerritHooks> logger)
    : HookRegistrations<GerritEventSource>(telemetry, logger)
{
    public const string Project = "project";

    /// <summary>The prefix Gerrit puts before every JSON response against cross-site script inclusion.</summary>
    public const string XssiPrefix = ")]}'";

    protected override string Kind => GerritSource.Name;

    protected override IEnumerable<(string Event, GerritEventSource Spec)> Registering(EventSource source) =>
        (source.Spec.Gerrit ?? new Dictionary<string, GerritEventSource>())
            .Where(g => !string.IsNullOrEmpty(g.Value.Webhook?.Url) && !string.IsNullOrEmpty(g.Value.GerritBaseURL) && !string.IsNullOrEmpty(g.Value.HookName))
            .Select(g => (g.Key, g.Value));

    protected override IEnumerable<HookTarget> Targets(GerritEventSource spec) =>
        (spec.Projects ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => new HookTarget(Project, p));

    protected override bool DeleteOnFinish(GerritEventSource spec) => spec.DeleteHookOnFinish == true;

    protected override Task<IHookSession> ConnectAsync(string path, GerritEventSource spec)
    {
        AuthenticationHeaderValue? auth = null;
        if (spec.Auth is not null)
        {
            var user = secrets.Resolve(spec.Auth.Username) ?? throw new InvalidOperationException($"{path}.auth.username: secret {spec.Auth.Username?.Name}/{spec.Auth.Username?.Key} cannot be resolved");
            var password = secrets.Resolve(spec.Auth.Password) ?? throw new InvalidOperationException($"{path}.auth.password: secret {spec.Auth.Password?.Name}/{spec.Auth.Password?.Key} cannot be resolved");
            auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return Task.FromResult<IHookSession>(new Session(spec, auth));
    }

    /// <summary>Reads a Gerrit JSON response: the XSSI prefix line removed.</summary>
    public static JsonNode? ParseResponse(string text)
    {
        var json = text.StartsWith(XssiPrefix, StringComparison.Ordinal) ? text[XssiPrefix.Length..] : text;
        return string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);
    }

    /// <summary>The hook's remote configuration as the webhooks plugin takes it.</summary>
    public static JsonObject Remote(GerritEventSource spec) => new()
    {
        ["url"] = (spec.Webhook!.Url ?? "").TrimEnd('/') + spec.Webhook.Endpoint,
        ["events"] = new JsonArray((spec.Events ?? []).Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
        ["ssl_verify"] = spec.SslVerify ?? false,
    };

    private sealed class Session(GerritEventSource spec, AuthenticationHeaderValue? auth) : IHookSession
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

        public async Task<(long Id, bool Created)> EnsureAsync(HookTarget target)
        {
            var (status, _) = await SendAsync(HttpMethod.Get, target, null, HttpStatusCode.NotFound);
            await SendAsync(HttpMethod.Put, target, Remote(spec));
            return (0, status == HttpStatusCode.NotFound);
        }

        public async Task DeleteAsync(HookTarget target, long id) => await SendAsync(HttpMethod.Delete, target, null, HttpStatusCode.NotFound);

        private string Url(HookTarget target) =>
            $"{spec.GerritBaseURL!.TrimEnd('/')}{(auth is null ? "" : "/a")}/config/server/webhooks~projects/{Uri.EscapeDataString(target.Name)}/remotes/{Uri.EscapeDataString(spec.HookName!)}";

        private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, HookTarget target, JsonObject? body, HttpStatusCode? tolerated = null)
        {
            using var request = new HttpRequestMessage(method, Url(target));
            request.Headers.Authorization = auth;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return (response.StatusCode, ParseResponse(text));
            }

            if (response.StatusCode == tolerated)
            {
                return (response.StatusCode, null);
            }

            throw new InvalidOperationException($"Gerrit answered {(int)response.StatusCode} to {method} {request.RequestUri?.AbsolutePath}: {(text.Length > 200 ? text[..200] : text).Trim()}");
        }
    }
}
