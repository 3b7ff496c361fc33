using System.Net;
using System.Text;
using Microservices.Events.Cli;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// Webhook ports follow the specs without a restart: a port an EventSource adds opens, one whose last route goes away
/// closes, one whose routes gain a certificate is served over HTTPS, and an untouched port keeps serving throughout.
/// </summary>
public sealed class WebhookLivePortsTests
{
    private static string Hook(string name, int port, bool tls = false) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: {{name}}}
        spec:
          webhook:
            example:
              endpoint: /{{name}}
              port: "{{port}}"
              method: POST
        {{(tls ? "      serverCertSecret: {name: webhook-tls, key: tls.crt}\n      serverKeySecret: {name: webhook-tls, key: tls.key}" : "")}}
        """;

    [Theory]
    [InlineData("*", "*")]
    [InlineData("0.0.0.0", "*")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void Webhook_ports_become_endpoints_beside_the_host_urls_and_a_shared_port_is_left_to_the_host(string bind, string host)
    {
        var endpoints = WebhookListeners.Endpoints(["http://+:8080", "http://localhost:9090"], bind, [12000, 8080, 443], p => p == 443);

        Assert.Equal(new Dictionary<string, string>
        {
            ["host-0"] = "http://+:8080",
            ["host-1"] = "http://localhost:9090",
            ["webhook-443"] = $"https://{host}:443",
            ["webhook-12000"] = $"http://{host}:12000",
        }, endpoints);
    }

    [Fact]
    public async Task Ports_open_close_and_switch_to_https_as_the_specs_change_while_other_ports_keep_serving()
    {
        using var certificates = TestCertificates.Create();
        var (steady, live) = (FreePort.Next(), FreePort.Next());
        using var specs = new TempSpecs(("steady.yaml", Hook("steady", steady)));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, $"http://127.0.0.1:{FreePort.Next()}", stateFile: state.Path);
        builder.Configuration["Ingress:WebhookBindAddress"] = "127.0.0.1";
        builder.Configuration["Specs:ReloadDebounceMilliseconds"] = "100";
        builder.Configuration["Secrets:webhook-tls:tls.crt"] = certificates.ServerPem;
        builder.Configuration["Secrets:webhook-tls:tls.key"] = certificates.ServerKeyPem;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var https = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { Timeout = TimeSpan.FromSeconds(5) };

        async Task<HttpStatusCode?> Post(HttpClient client, string scheme, int port, string endpoint)
        {
            try
            {
                using var response = await client.PostAsync($"{scheme}://127.0.0.1:{port}/{endpoint}", new StringContent("""{"n": 1}""", Encoding.UTF8, "application/json"));
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        Assert.Equal(HttpStatusCode.OK, await Post(http, "http", steady, "steady"));
        Assert.Null(await Post(http, "http", live, "live"));

        specs.Write("live.yaml", Hook("live", live));
        Assert.True(await Eventually.HoldsAsync(async () => await Post(http, "http", live, "live") == HttpStatusCode.OK, TimeSpan.FromSeconds(20)), "the added port did not open");

        specs.Write("live.yaml", Hook("live", live, tls: true));
        Assert.True(await Eventually.HoldsAsync(async () => await Post(https, "https", live, "live") == HttpStatusCode.OK, TimeSpan.FromSeconds(20)), "the port was not rebound for HTTPS");
        Assert.Null(await Post(http, "http", live, "live"));

        File.Delete(Path.Combine(specs.Directory, "live.yaml"));
        Assert.True(await Eventually.HoldsAsync(async () => await Post(https, "https", live, "live") is null, TimeSpan.FromSeconds(20)), "the dropped port stayed open");

        Assert.Equal(HttpStatusCode.OK, await Post(http, "http", steady, "steady"));
        await app.StopAsync();
    }
}
