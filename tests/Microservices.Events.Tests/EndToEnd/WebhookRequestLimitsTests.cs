using System.Net;
using System.Text;
using Microservices.Events.Cli;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// Header limits on a real webhook port (Kestrel's defaults: 32 KiB of headers, 100 headers): a request just under
/// is served, one just over is refused with 431 before any route sees it, and the port keeps serving.
/// </summary>
public sealed class WebhookRequestLimitsTests
{
    [Fact]
    public async Task Headers_just_under_the_size_and_count_limits_are_served_and_just_over_are_a_431()
    {
        var port = FreePort.Next();
        using var specs = new TempSpecs(("hook.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: EventSource
            metadata: {name: limits}
            spec:
              webhook:
                example: {port: "{{port}}", endpoint: /example, method: POST}
            """));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, $"http://127.0.0.1:{FreePort.Next()}", stateFile: state.Path);
        builder.Configuration["Ingress:WebhookBindAddress"] = "127.0.0.1";
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        await using var app = EmbeddedHost.Build(builder);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.True(await Eventually.HoldsAsync(async () => (await Post(http, 0, 0)) == HttpStatusCode.OK), "the webhook port did not open");
        Assert.Equal(HttpStatusCode.OK, await Post(http, valueBytes: 31 * 1024, extraHeaders: 0));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, await Post(http, valueBytes: 33 * 1024, extraHeaders: 0));
        Assert.Equal(HttpStatusCode.OK, await Post(http, valueBytes: 0, extraHeaders: 90));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, await Post(http, valueBytes: 0, extraHeaders: 101));
        Assert.Equal(HttpStatusCode.OK, await Post(http, 0, 0));
        await app.StopAsync();
    }

    private static async Task<HttpStatusCode> Post(HttpClient http, int valueBytes, int extraHeaders)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/example") { Content = new StringContent("""{"n":1}""", Encoding.UTF8, "application/json") };
        if (valueBytes > 0)
        {
            request.Headers.Add("X-Large", new string('v', valueBytes));
        }

        for (var i = 0; i < extraHeaders; i++)
        {
            request.Headers.Add($"X-Extra-{i}", "1");
        }

        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null && valueBytes == 0 && extraHeaders == 0)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
    }
}
