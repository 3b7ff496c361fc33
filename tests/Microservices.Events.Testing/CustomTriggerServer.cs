using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microservices.Events.TriggerDispatch.Executors.Custom.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// A custom trigger server speaking Argo's gRPC protocol on a free loopback port (HTTP/2, or TLS with a given
/// certificate): FetchResource answers a JSON resource made from the YAML spec (<c>{"kind": "Run", "spec": {key: value}}</c>),
/// Execute records the resource and payload and answers <c>{"executed": resource}</c>, ApplyPolicy answers
/// <see cref="PolicySuccess"/>. Every call is recorded.
/// </summary>
public sealed class CustomTriggerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CustomTriggerServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The serverURL to configure: <c>127.0.0.1:port</c> (or <c>localhost:port</c> for TLS).</summary>
    public string ServerUrl { get; private set; } = "";

    public bool PolicySuccess { get; set; } = true;

    public ConcurrentQueue<string> FetchedSpecs { get; } = new();

    public ConcurrentQueue<(string Resource, string Payload)> Executions { get; } = new();

    public ConcurrentQueue<string> PolicyRequests { get; } = new();

    public static async Task<CustomTriggerServer> StartAsync(TestCertificates? tls = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (tls is not null)
            {
                listen.UseHttps(X509Certificate2.CreateFromPem(tls.ServerPem, tls.ServerKeyPem));
            }
        }));
        builder.Services.AddGrpc();
        CustomTriggerServer? server = null;
        builder.Services.AddSingleton(_ => new TriggerService(server!));
        var app = builder.Build();
        server = new CustomTriggerServer(app, port) { ServerUrl = $"{(tls is null ? "127.0.0.1" : "localhost")}:{port}" };
        app.MapGrpcService<TriggerService>();
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class TriggerService(CustomTriggerServer server) : Trigger.TriggerBase
    {
        public override Task<FetchResourceResponse> FetchResource(FetchResourceRequest request, ServerCallContext context)
        {
            var yaml = request.Resource.ToStringUtf8();
            server.FetchedSpecs.Enqueue(yaml);
            var spec = new JsonObject();
            foreach (var line in yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": ", StringComparison.Ordinal)))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                spec[line[..colon]] = line[(colon + 2)..].Trim('\'', '"');
            }

            var resource = new JsonObject { ["kind"] = "Run", ["metadata"] = new JsonObject { ["namespace"] = "default" }, ["spec"] = spec };
            return Task.FromResult(new FetchResourceResponse { Resource = Google.Protobuf.ByteString.CopyFromUtf8(resource.ToJsonString()) });
        }

        public override Task<ExecuteResponse> Execute(ExecuteRequest request, ServerCallContext context)
        {
            server.Executions.Enqueue((request.Resource.ToStringUtf8(), request.Payload.ToStringUtf8()));
            var response = new JsonObject { ["executed"] = JsonNode.Parse(request.Resource.ToStringUtf8()) };
            return Task.FromResult(new ExecuteResponse { Response = Google.Protobuf.ByteString.CopyFromUtf8(response.ToJsonString()) });
        }

        public override Task<ApplyPolicyResponse> ApplyPolicy(ApplyPolicyRequest request, ServerCallContext context)
        {
            server.PolicyRequests.Enqueue(request.Request.ToStringUtf8());
            return Task.FromResult(new ApplyPolicyResponse { Success = server.PolicySuccess, Message = server.PolicySuccess ? "run accepted" : "run rejected" });
        }
    }
}
