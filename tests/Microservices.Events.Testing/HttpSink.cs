using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// A real HTTP server on a free loopback port that records every request and answers with chosen status codes (200
/// unless told otherwise), optionally after a delay. <see cref="Received"/> lets a caller count or measure as requests come.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses = new();

    private HttpSink(WebApplication app) => _app = app;

    public ConcurrentQueue<SinkRequest> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>Raised for every request once it is recorded.</summary>
    public event Action<SinkRequest>? Received;

    /// <summary>How long the sink takes before it answers (none by default).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>Status codes for the next requests, in order; 200 once they run out.</summary>
    public void AnswerWith(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public static Task<HttpSink> StartAsync() => StartAsync(null);

    /// <summary>
    /// With <paramref name="tls"/>, the sink serves HTTPS with its server certificate and, when it names a client CA,
    /// accepts only clients presenting a certificate issued by that CA.
    /// </summary>
    public static async Task<HttpSink> StartAsync(HttpSinkTls? tls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (tls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = tls.ServerCertificate;
                if (tls.ClientCa is { } ca)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => tls.IssuedByClientCa(certificate);
                }
            })));
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new HttpSink(app);
        app.Run(async context =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (sink.Delay > TimeSpan.Zero)
            {
                await Task.Delay(sink.Delay);
            }

            var request = new SinkRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body,
                DateTimeOffset.UtcNow,
                arrived,
                context.Connection.ClientCertificate?.Subject);
            sink.Requests.Enqueue(request);
            sink.Received?.Invoke(request);
            context.Response.StatusCode = sink._statuses.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        sink.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
