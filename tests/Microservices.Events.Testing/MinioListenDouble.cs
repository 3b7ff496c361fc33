using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// The part of a MinIO server that bucket-notification listeners use, on a free loopback port: object uploads and
/// deletes (<c>PUT</c> / <c>DELETE /{bucket}/{key}</c>) and MinIO's ListenBucketNotification API
/// (<c>GET /{bucket}?events=…&amp;prefix=…&amp;suffix=…&amp;ping=…</c>), a stream of lines <c>{"Records": [record]}</c>,
/// one per matching event (S3 event records as MinIO writes them, with a sequencer), and <c>{"Records":null}</c> every
/// <c>ping</c> seconds. Like MinIO, it keeps nothing for listeners that are not connected. Requests must carry Signature
/// Version 4 headers for service <c>s3</c> and the region, with a known access key and <c>x-amz-content-sha256</c>
/// (see <see cref="AwsSignatureHeaders"/>); errors are S3 XML errors.
/// </summary>
public sealed class MinioListenDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _region;
    private readonly HashSet<string> _accessKeys;
    private readonly HashSet<string> _buckets;
    private readonly ConcurrentDictionary<Listener, byte> _listeners = new();
    private long _sequencer = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    private MinioListenDouble(WebApplication app, string region, IEnumerable<string> accessKeys, IEnumerable<string> buckets)
    {
        _app = app;
        _region = region;
        _accessKeys = accessKeys.ToHashSet(StringComparer.Ordinal);
        _buckets = buckets.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>host:port, as the <c>endpoint</c> of a minio event source.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Listen streams open now.</summary>
    public int Listening => _listeners.Count;

    /// <summary>Each listen request accepted: its query string and the access key that signed it.</summary>
    public ConcurrentQueue<string> Listens { get; } = new();

    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<MinioListenDouble> StartAsync(string region, IEnumerable<string> accessKeys, IEnumerable<string> buckets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var minio = new MinioListenDouble(app, region, accessKeys, buckets);
        app.Run(minio.HandleAsync);
        await app.StartAsync();
        minio.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
        return minio;
    }

    /// <summary>Writes <paramref name="line"/> as it is to every open listen stream (a proxy's garbage, a truncated record).</summary>
    public void SendRaw(string line)
    {
        foreach (var listener in _listeners.Keys)
        {
            listener.Lines.Writer.TryWrite(line);
        }
    }

    /// <summary>Ends every open listen stream, as a server restart does.</summary>
    public void Disconnect()
    {
        foreach (var listener in _listeners.Keys)
        {
            listener.Lines.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (AwsSignatureHeaders.Check(context.Request, _region, "s3", out var key, out var signed) is { } problem)
        {
            await ErrorAsync(context, 403, problem.Type == "InvalidSignatureException" ? "SignatureDoesNotMatch" : "AccessDenied", problem.Message);
            return;
        }

        if (!_accessKeys.Contains(key))
        {
            await ErrorAsync(context, 403, "InvalidAccessKeyId", "The Access Key Id you provided does not exist in our records.");
            return;
        }

        if (!signed.Contains("x-amz-content-sha256") || context.Request.Headers["x-amz-content-sha256"].ToString().Length == 0)
        {
            await ErrorAsync(context, 400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
            return;
        }

        var path = (context.Request.Path.Value ?? "/").TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        var objectKey = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
        if (!_buckets.Contains(bucket))
        {
            await ErrorAsync(context, 404, "NoSuchBucket", "The specified bucket does not exist");
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && objectKey.Length == 0)
        {
            Listens.Enqueue($"{context.Request.QueryString.Value} {key}");
            await ListenAsync(context, bucket);
            return;
        }

        if (objectKey.Length > 0 && (HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method)))
        {
            using var content = new MemoryStream();
            await context.Request.Body.CopyToAsync(content);
            var created = HttpMethods.IsPut(context.Request.Method);
            Publish(bucket, objectKey, created ? "s3:ObjectCreated:Put" : "s3:ObjectRemoved:Delete", content.ToArray(), key);
            context.Response.StatusCode = created ? 200 : 204;
            return;
        }

        await ErrorAsync(context, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }

    private async Task ListenAsync(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var listener = new Listener(bucket, query["events"].Select(e => e ?? "").ToList(), query["prefix"].ToString(), query["suffix"].ToString());
        var ping = int.TryParse(query["ping"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        _listeners[listener] = 0;
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                wait.CancelAfter(ping);
                string line;
                try
                {
                    if (!await listener.Lines.Reader.WaitToReadAsync(wait.Token))
                    {
                        return;
                    }

                    line = await listener.Lines.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
                {
                    line = """{"Records":null}""";
                }

                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            _listeners.TryRemove(listener, out _);
        }
    }

    private void Publish(string bucket, string objectKey, string eventName, byte[] content, string principal)
    {
        var sequencer = Interlocked.Increment(ref _sequencer).ToString("X16", CultureInfo.InvariantCulture);
        var record = new JsonObject
        {
            ["eventVersion"] = "2.0",
            ["eventSource"] = "minio:s3",
            ["awsRegion"] = _region,
            ["eventTime"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["eventName"] = eventName,
            ["userIdentity"] = new JsonObject { ["principalId"] = principal },
            ["requestParameters"] = new JsonObject { ["principalId"] = principal, ["region"] = _region, ["sourceIPAddress"] = "127.0.0.1" },
            ["responseElements"] = new JsonObject { ["x-amz-request-id"] = sequencer, ["x-minio-origin-endpoint"] = $"http://{Endpoint}" },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "Config",
                ["bucket"] = new JsonObject { ["name"] = bucket, ["ownerIdentity"] = new JsonObject { ["principalId"] = principal }, ["arn"] = $"arn:aws:s3:::{bucket}" },
                ["object"] = new JsonObject
                {
                    ["key"] = Uri.EscapeDataString(objectKey),
                    ["size"] = content.Length,
                    ["eTag"] = Convert.ToHexStringLower(MD5.HashData(content)),
                    ["contentType"] = "application/octet-stream",
                    ["sequencer"] = sequencer,
                },
            },
            ["source"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = "", ["userAgent"] = "" },
        };
        var line = new JsonObject { ["Records"] = new JsonArray(record) }.ToJsonString();
        foreach (var listener in _listeners.Keys.Where(l => l.Wants(bucket, objectKey, eventName)))
        {
            listener.Lines.Writer.TryWrite(line);
        }
    }

    private Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        Refusals.Enqueue(code);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><Resource>{context.Request.Path}</Resource><RequestId>{Guid.NewGuid():N}</RequestId></Error>");
    }

    public async ValueTask DisposeAsync()
    {
        Disconnect();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Listener(string bucket, IReadOnlyList<string> events, string prefix, string suffix)
    {
        public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();

        /// <summary>MinIO's rule: the bucket, the key's prefix and suffix, and an event named or covered by a <c>…:*</c> pattern (no events: all).</summary>
        public bool Wants(string eventBucket, string key, string eventName) =>
            eventBucket == bucket && key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(suffix, StringComparison.Ordinal)
            && (events.Count == 0 || events.Any(e => e == eventName || (e.EndsWith(":*", StringComparison.Ordinal) && eventName.StartsWith(e[..^1], StringComparison.Ordinal))));
    }
}
