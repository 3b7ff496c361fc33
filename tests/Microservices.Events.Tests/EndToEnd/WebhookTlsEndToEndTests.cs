using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// A webhook served over HTTPS by Kestrel with a certificate from its secrets, beside a plain HTTP webhook and one whose
/// certificate secret is missing, all four services in this process.
/// </summary>
public sealed class WebhookTlsEndToEndTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private static string EventSources(int securePort, int plainPort, int brokenPort) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: secure}
        spec:
          webhook:
            example:
              endpoint: /secure
              port: "{{securePort}}"
              method: POST
              serverCertSecret: {name: webhook-tls, key: tls.crt}
              serverKeySecret: {name: webhook-tls, key: tls.key}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: plain}
        spec:
          webhook:
            example: {endpoint: /plain, port: "{{plainPort}}", method: POST}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: broken}
        spec:
          webhook:
            example:
              endpoint: /broken
              port: "{{brokenPort}}"
              method: POST
              serverCertSecret: {name: absent-tls, key: tls.crt}
              serverKeySecret: {name: absent-tls, key: tls.key}
        """;

    private string Sensor() => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: relay}
        spec:
          dependencies:
            - {name: secure, eventSourceName: secure, eventName: example}
            - {name: plain, eventSourceName: plain, eventName: example}
          triggers:
            - template:
                name: secure
                conditions: secure
                http:
                  url: {{_sink.BaseUrl}}/secure
                  payload:
                    - src: {dependencyName: secure, dataKey: body.message}
                      dest: message
            - template:
                name: plain
                conditions: plain
                http:
                  url: {{_sink.BaseUrl}}/plain
                  payload:
                    - src: {dependencyName: plain, dataKey: body.message}
                      dest: message
        """;

    [Fact]
    public async Task An_https_post_trusting_the_secret_certificate_fires_the_trigger_while_plain_http_to_that_port_fails()
    {
        using var certificates = TestCertificates.Create();
        using var ca = X509Certificate2.CreateFromPem(certificates.CaPem);
        var (securePort, plainPort, brokenPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        using var specs = new TempSpecs(("sources.yaml", EventSources(securePort, plainPort, brokenPort)), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var hostUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, hostUrl, stateFile: state.Path);
        builder.Configuration["Ingress:WebhookBindAddress"] = "127.0.0.1";
        builder.Configuration["Secrets:webhook-tls:tls.crt"] = certificates.ServerPem;
        builder.Configuration["Secrets:webhook-tls:tls.key"] = certificates.ServerKeyPem;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        using var trusting = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(ca, certificate, errors) } });
        using var plain = new HttpClient();

        var secure = await trusting.PostAsync($"https://localhost:{securePort}/secure", Json("over tls"));
        var plainToSecure = await Record.ExceptionAsync(() => plain.PostAsync($"http://127.0.0.1:{securePort}/secure", Json("in the clear")));
        var toBroken = await Record.ExceptionAsync(() => trusting.PostAsync($"https://localhost:{brokenPort}/broken", Json("no certificate")));
        var open = await plain.PostAsync($"http://127.0.0.1:{plainPort}/plain", Json("still open"));

        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.IsType<HttpRequestException>(plainToSecure);
        Assert.IsType<HttpRequestException>(toBroken);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == "/secure") && _sink.Requests.Any(r => r.Path == "/plain")), "the triggers were not called");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"message":"over tls"}"""), JsonNode.Parse(Assert.Single(_sink.Requests, r => r.Path == "/secure").Body)));
        var health = app.Services.GetRequiredService<EventSourceKindRegistry>().All.OfType<WebhookSource>().Single().Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"port {brokenPort}: serverCertSecret \"absent-tls/tls.crt\" is not set", health.Description);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await plain.GetAsync($"{hostUrl}/health")).StatusCode);
        await app.StopAsync();
        Assert.Contains(logs.Lines, l => l.Contains("absent-tls/tls.crt", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    private static StringContent Json(string message) => new(new JsonObject { ["message"] = message }.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The server's certificate chains to the test's CA and names the host; nothing else is trusted.</summary>
    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(server);
    }
}
