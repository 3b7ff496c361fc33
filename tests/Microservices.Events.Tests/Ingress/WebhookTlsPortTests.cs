using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The TLS of webhook ports: routes that disagree on it, and certificates read from their secrets.</summary>
public sealed class WebhookTlsPortTests
{
    private static string Source(string name, int port, string tls = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: {{name}}}
        spec:
          webhook:
            hook: {endpoint: /{{name}}, port: "{{port}}", method: POST{{tls}}}
        """;

    private const string Tls = ", serverCertSecret: {name: hook-tls, key: crt}, serverKeySecret: {name: hook-tls, key: key}";

    [Fact]
    public void A_route_whose_tls_disagrees_with_the_first_on_its_port_is_left_out_and_both_are_named()
    {
        var routes = new WebhookRouteTable(new StaticSpecCatalog(SpecSnapshot.FromYaml(Source("secure", 12100, Tls), Source("plain", 12100), Source("other", 12101))));
        var certificates = new WebhookCertificates(routes, new SecretResolver(new ConfigurationBuilder().Build()));

        var conflict = Assert.Single(routes.Conflicts);
        Assert.Contains("EventSource \"plain\" event \"hook\" (webhook) asks for plain HTTP", conflict);
        Assert.Contains("EventSource \"secure\" event \"hook\" (webhook) on the same port has HTTPS with serverCertSecret \"hook-tls/crt\"", conflict);
        Assert.True(routes.TryGetPort(12100, out var served));
        Assert.Equal(["/secure"], served.Keys);
        Assert.True(routes.TryGetPort(12101, out _));
        var health = new WebhookSource(routes, certificates).Health();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("\"plain\" event \"hook\" (webhook) is not served", health.Description);
    }

    [Fact]
    public void A_missing_certificate_secret_degrades_health_naming_the_reference_and_serves_no_certificate()
    {
        var routes = new WebhookRouteTable(new StaticSpecCatalog(SpecSnapshot.FromYaml(Source("secure", 12100, Tls), Source("plain", 12101))));
        var secrets = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:hook-tls:key"] = "not-a-key-value" }).Build();
        var certificates = new WebhookCertificates(routes, new SecretResolver(secrets));

        Assert.Null(certificates.For(12100));
        var health = new WebhookSource(routes, certificates).Health();

        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("port 12100: serverCertSecret \"hook-tls/crt\" is not set", health.Description);
        Assert.DoesNotContain("not-a-key-value", health.Description);
        Assert.Null(certificates.For(12101));
    }

    [Fact]
    public void A_secret_that_is_not_a_certificate_and_key_is_reported_without_its_value()
    {
        var routes = new WebhookRouteTable(new StaticSpecCatalog(SpecSnapshot.FromYaml(Source("secure", 12100, Tls))));
        var secrets = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:hook-tls:crt"] = "garbage-cert", ["Secrets:hook-tls:key"] = "garbage-key" }).Build();
        using var certificates = new WebhookCertificates(routes, new SecretResolver(secrets));

        Assert.Null(certificates.For(12100));
        var problem = Assert.Single(certificates.Problems());
        Assert.Contains("do not hold a PEM certificate and its PEM private key", problem);
        Assert.DoesNotContain("garbage", problem);
    }

    [Fact]
    public void A_certificate_and_key_from_the_secrets_are_served_on_their_port()
    {
        using var pems = TestCertificates.Create();
        var routes = new WebhookRouteTable(new StaticSpecCatalog(SpecSnapshot.FromYaml(Source("secure", 12100, Tls))));
        var secrets = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:hook-tls:crt"] = pems.ServerPem, ["Secrets:hook-tls:key"] = pems.ServerKeyPem }).Build();
        using var certificates = new WebhookCertificates(routes, new SecretResolver(secrets));

        var certificate = certificates.For(12100);

        Assert.NotNull(certificate);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=localhost", certificate.Subject);
        Assert.Empty(certificates.Problems());
        Assert.Equal(HealthStatus.Healthy, new WebhookSource(routes, certificates).Health().Status);
    }
}
