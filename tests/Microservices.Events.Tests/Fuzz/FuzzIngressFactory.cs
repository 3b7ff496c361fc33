using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Tests.Ingress;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.Fuzz;

/// <summary>
/// The ingress service on a test server with one route of each checked kind (plain, bearer token, small payload,
/// filter, GitHub HMAC, GitLab token, Slack signature), keeping every log line it writes.
/// </summary>
public sealed class FuzzIngressFactory : WebApplicationFactory<Microservices.Events.Ingress.Program>
{
    public const int Port = 12020;

    public const string Token = "fuzz-bearer-token";

    public const string HubSecret = "fuzz-hub-secret";

    public const string GitlabToken = "fuzz-gitlab-token";

    public const string SlackSecret = "fuzz-slack-secret";

    public static readonly IReadOnlyList<string> Endpoints = ["/plain", "/secure", "/small", "/filtered", "/github", "/gitlab", "/slack", "/nowhere"];

    private const string Specs = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: fuzz}
        spec:
          webhook:
            plain: {port: "12020", endpoint: /plain, method: POST}
            secure: {port: "12020", endpoint: /secure, method: POST, authSecret: {name: fuzz, key: token}}
            small: {port: "12020", endpoint: /small, method: POST, maxPayloadSize: 256}
            filtered:
              port: "12020"
              endpoint: /filtered
              method: POST
              filter: {expression: "body.n > 2 && body.name != 'x'"}
          github:
            hub:
              webhook: {port: "12020", endpoint: /github, method: POST}
              repositories: [{owner: argoproj, names: [argo-events]}]
              events: ["*"]
              webhookSecret: {name: fuzz, key: hub}
          gitlab:
            lab:
              webhook: {port: "12020", endpoint: /gitlab, method: POST}
              projects: ["1"]
              events: [PushEvents]
              secretToken: {name: fuzz, key: gitlab}
          slack:
            chat:
              webhook: {port: "12020", endpoint: /slack, method: POST}
              signingSecret: {name: fuzz, key: slack}
        """;

    private readonly TempSpecs _specs = new(("fuzz.yaml", Specs));

    public RecordingIngestor Ingestor { get; } = new();

    public CollectingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Specs:Directory", _specs.Directory);
        builder.UseSetting("State:Provider", "InMemory");
        builder.UseSetting("Secrets:fuzz:token", Token);
        builder.UseSetting("Secrets:fuzz:hub", HubSecret);
        builder.UseSetting("Secrets:fuzz:gitlab", GitlabToken);
        builder.UseSetting("Secrets:fuzz:slack", SlackSecret);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services => services.AddSingleton<IEventIngestor>(Ingestor));
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"http://localhost:{Port}") });

    /// <summary>Log lines at Error or Critical, or carrying an exception's stack trace.</summary>
    public IReadOnlyList<string> Failures() =>
        Logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal) || l.Contains("\n   at ", StringComparison.Ordinal)).ToList();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _specs.Dispose();
    }
}
