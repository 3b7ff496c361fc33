using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// Amazon SQS on a free loopback port, speaking the AWS JSON 1.0 protocol the AWS SDKs use (<c>POST /</c>,
/// <c>X-Amz-Target: AmazonSQS.&lt;Action&gt;</c>, <c>application/x-amz-json-1.0</c>): GetQueueUrl, SendMessage,
/// ReceiveMessage (long polling up to <c>WaitTimeSeconds</c>, a visibility timeout per receive, a new receipt handle per
/// receive, MD5 digests of body and message attributes as SQS computes them), DeleteMessage, ChangeMessageVisibility and
/// a redrive policy (a message received more than <c>maxReceiveCount</c> times moves to the dead-letter queue). Every
/// request must carry Signature Version 4 headers for the region and service <c>sqs</c> with a known access key (see
/// <see cref="AwsSignatureHeaders"/>); errors are SQS's JSON errors (<c>__type</c>, <c>message</c>,
/// <c>x-amzn-query-error</c>).
/// </summary>
public sealed class SqsDouble : IAsyncDisposable
{
    public const string AccountId = "123456789012";

    private readonly WebApplication _app;
    private readonly string _region;
    private readonly HashSet<string> _accessKeys;
    private readonly ConcurrentDictionary<string, SqsQueue> _queues = new(StringComparer.Ordinal);
    private long _sequence;

    private SqsDouble(WebApplication app, string region, IEnumerable<string> accessKeys)
    {
        _app = app;
        _region = region;
        _accessKeys = accessKeys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The endpoint to configure, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string ServiceUrl { get; private set; } = "";

    /// <summary>Every action received, with the access key that signed it (<c>ReceiveMessage AKIA…</c>).</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>While set, every request is answered 503 ServiceUnavailable, as during an SQS outage; the queues keep their messages.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Requests refused, by SQS error type.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<SqsDouble> StartAsync(string region, IEnumerable<string> accessKeys, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sqs = new SqsDouble(app, region, accessKeys);
        app.Run(sqs.HandleAsync);
        await app.StartAsync();
        sqs.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return sqs;
    }

    /// <summary>Creates a queue; with <paramref name="deadLetterQueue"/>, messages received more than <paramref name="maxReceiveCount"/> times move there.</summary>
    public void CreateQueue(string name, string? deadLetterQueue = null, int maxReceiveCount = 3) =>
        _queues[name] = new SqsQueue(name, deadLetterQueue, maxReceiveCount);

    public string QueueUrl(string name) => $"{ServiceUrl}/{AccountId}/{name}";

    /// <summary>Puts a message on the queue as SendMessage does (also while <see cref="Unavailable"/>); returns its id.</summary>
    public string Enqueue(string queue, string body) =>
        _queues[queue].Add(Guid.NewGuid().ToString(), body, [], Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow).Id;

    /// <summary>Messages in the queue, visible or in flight (not yet deleted).</summary>
    public int Count(string queue) => _queues[queue].Count;

    /// <summary>Bodies of the messages in the queue, in the order sent.</summary>
    public IReadOnlyList<string> Bodies(string queue) => _queues[queue].Bodies();

    /// <summary>How many times each message id was received.</summary>
    public IReadOnlyDictionary<string, int> ReceiveCounts(string queue) => _queues[queue].ReceiveCounts();

    private async Task HandleAsync(HttpContext context)
    {
        if (Unavailable)
        {
            await ErrorAsync(context, 503, "ServiceUnavailable", "ServiceUnavailable", "The request has failed due to a temporary failure of the server.");
            return;
        }

        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/" || !target.StartsWith("AmazonSQS.", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, "UnknownOperationException", "AWS.SimpleQueueService.UnknownOperation", "Unknown operation");
            return;
        }

        if (context.Request.ContentType?.StartsWith("application/x-amz-json-1.0", StringComparison.Ordinal) != true)
        {
            await ErrorAsync(context, 400, "InvalidParameterValue", "InvalidParameterValue", "Content-Type must be application/x-amz-json-1.0");
            return;
        }

        if (AwsSignatureHeaders.Check(context.Request, _region, "sqs", out var key, out _) is { } problem)
        {
            await ErrorAsync(context, 403, problem.Type, problem.Type, problem.Message);
            return;
        }

        if (!_accessKeys.Contains(key))
        {
            await ErrorAsync(context, 403, "InvalidClientTokenId", "InvalidClientTokenId", "The security token included in the request is invalid.");
            return;
        }

        var action = target["AmazonSQS.".Length..];
        Calls.Enqueue($"{action} {key}");
        JsonObject request;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            request = (text.Length == 0 ? null : JsonNode.Parse(text)) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "MalformedQueryString", "MalformedQueryString", "The request body is not JSON");
            return;
        }

        JsonObject? response = action switch
        {
            "GetQueueUrl" => GetQueueUrl(request),
            "SendMessage" => Send(request),
            "DeleteMessage" => Delete(request),
            "ChangeMessageVisibility" => ChangeVisibility(request),
            "ReceiveMessage" => await ReceiveAsync(request, context.RequestAborted),
            _ => null,
        };
        if (response is null)
        {
            await ErrorAsync(context, 400, "InvalidAction", "AWS.SimpleQueueService.InvalidAction", $"The action {action} is not valid for this endpoint.");
            return;
        }

        if (response["__type"] is JsonValue type)
        {
            var code = type.GetValue<string>();
            await ErrorAsync(context, 400, code, (string)response["query"]!, (string)response["message"]!);
            return;
        }

        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    private JsonObject GetQueueUrl(JsonObject request)
    {
        var owner = (string?)request["QueueOwnerAWSAccountId"];
        return _queues.ContainsKey((string?)request["QueueName"] ?? "") && (owner is null || owner == AccountId)
            ? new JsonObject { ["QueueUrl"] = QueueUrl((string)request["QueueName"]!) }
            : NoQueue();
    }

    private JsonObject Send(JsonObject request)
    {
        if (Queue(request) is not { } queue)
        {
            return NoQueue();
        }

        var body = (string?)request["MessageBody"] ?? "";
        var attributes = request["MessageAttributes"] as JsonObject ?? [];
        var message = queue.Add(Guid.NewGuid().ToString(), body, (JsonObject)attributes.DeepClone(), Interlocked.Increment(ref _sequence),
            DateTimeOffset.UtcNow.AddSeconds((int?)request["DelaySeconds"] ?? 0));
        var response = new JsonObject { ["MessageId"] = message.Id, ["MD5OfMessageBody"] = Md5(Encoding.UTF8.GetBytes(body)) };
        if (attributes.Count > 0)
        {
            response["MD5OfMessageAttributes"] = AttributesMd5(attributes);
        }

        return response;
    }

    private async Task<JsonObject> ReceiveAsync(JsonObject request, CancellationToken aborted)
    {
        if (Queue(request) is not { } queue)
        {
            return NoQueue();
        }

        var max = Math.Clamp((int?)request["MaxNumberOfMessages"] ?? 1, 1, 10);
        var visibility = TimeSpan.FromSeconds((int?)request["VisibilityTimeout"] ?? 30);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(Math.Clamp((int?)request["WaitTimeSeconds"] ?? 0, 0, 20));
        var wanted = NameList(request, "MessageAttributeNames");
        var system = NameList(request, "MessageSystemAttributeNames").Concat(NameList(request, "AttributeNames")).ToHashSet(StringComparer.Ordinal);
        List<SqsMessage> taken;
        while (true)
        {
            taken = queue.Take(max, visibility, _queues);
            if (taken.Count > 0 || DateTimeOffset.UtcNow >= deadline || aborted.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), aborted);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var messages = new JsonArray();
        foreach (var message in taken)
        {
            var item = new JsonObject
            {
                ["MessageId"] = message.Id,
                ["ReceiptHandle"] = message.ReceiptHandle,
                ["MD5OfBody"] = Md5(Encoding.UTF8.GetBytes(message.Body)),
                ["Body"] = message.Body,
            };
            var attributes = new JsonObject();
            foreach (var (name, value) in message.Attributes)
            {
                if (wanted.Contains("All") || wanted.Contains(".*") || wanted.Contains(name))
                {
                    attributes[name] = value!.DeepClone();
                }
            }

            if (attributes.Count > 0)
            {
                item["MessageAttributes"] = attributes;
                item["MD5OfMessageAttributes"] = AttributesMd5(attributes);
            }

            var systemAttributes = new JsonObject();
            if (system.Contains("All") || system.Contains("SentTimestamp"))
            {
                systemAttributes["SentTimestamp"] = message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            }

            if (system.Contains("All") || system.Contains("ApproximateReceiveCount"))
            {
                systemAttributes["ApproximateReceiveCount"] = message.ReceiveCount.ToString(CultureInfo.InvariantCulture);
            }

            if (systemAttributes.Count > 0)
            {
                item["Attributes"] = systemAttributes;
            }

            messages.Add(item);
        }

        return messages.Count > 0 ? new JsonObject { ["Messages"] = messages } : [];
    }

    private JsonObject Delete(JsonObject request) =>
        Queue(request) is not { } queue ? NoQueue()
        : queue.Delete((string?)request["ReceiptHandle"] ?? "") ? []
        : InvalidHandle();

    private JsonObject ChangeVisibility(JsonObject request) =>
        Queue(request) is not { } queue ? NoQueue()
        : queue.ChangeVisibility((string?)request["ReceiptHandle"] ?? "", TimeSpan.FromSeconds((int?)request["VisibilityTimeout"] ?? 0)) ? []
        : InvalidHandle();

    private SqsQueue? Queue(JsonObject request)
    {
        var url = (string?)request["QueueUrl"] ?? "";
        var prefix = $"{ServiceUrl}/{AccountId}/";
        return url.StartsWith(prefix, StringComparison.Ordinal) && _queues.TryGetValue(url[prefix.Length..], out var queue) ? queue : null;
    }

    private static HashSet<string> NameList(JsonObject request, string field) =>
        (request[field] as JsonArray ?? []).Select(n => (string?)n ?? "").ToHashSet(StringComparer.Ordinal);

    private static JsonObject NoQueue() => Error("com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    private static JsonObject InvalidHandle() => Error("com.amazonaws.sqs#ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", "The input receipt handle is invalid.");

    private static JsonObject Error(string type, string query, string message) => new() { ["__type"] = type, ["query"] = query, ["message"] = message };

    private Task ErrorAsync(HttpContext context, int status, string type, string query, string message)
    {
        Refusals.Enqueue(type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.Headers["x-amzn-query-error"] = $"{query};Sender";
        return context.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString());
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    /// <summary>SQS's digest of message attributes: per attribute in name order, the length-prefixed name, data type, transport byte (1 string, 2 binary) and value.</summary>
    public static string AttributesMd5(JsonObject attributes)
    {
        using var buffer = new MemoryStream();
        foreach (var (name, node) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var value = (JsonObject)node!;
            var dataType = (string?)value["DataType"] ?? "String";
            Write(buffer, Encoding.UTF8.GetBytes(name));
            Write(buffer, Encoding.UTF8.GetBytes(dataType));
            if (value["BinaryValue"] is JsonValue binary)
            {
                buffer.WriteByte(2);
                Write(buffer, Convert.FromBase64String(binary.GetValue<string>()));
            }
            else
            {
                buffer.WriteByte(1);
                Write(buffer, Encoding.UTF8.GetBytes((string?)value["StringValue"] ?? ""));
            }
        }

        return Md5(buffer.ToArray());

        static void Write(Stream stream, byte[] bytes)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            stream.Write(length);
            stream.Write(bytes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class SqsMessage(string id, string body, JsonObject attributes, long sequence, DateTimeOffset visibleAt)
    {
        public string Id { get; } = id;
        public string Body { get; } = body;
        public JsonObject Attributes { get; } = attributes;
        public long Sequence { get; } = sequence;
        public DateTimeOffset SentAt { get; } = DateTimeOffset.UtcNow;
        public DateTimeOffset VisibleAt { get; set; } = visibleAt;
        public string ReceiptHandle { get; set; } = "";
        public HashSet<string> Handles { get; } = new(StringComparer.Ordinal);
        public int ReceiveCount { get; set; }
    }

    private sealed class SqsQueue(string name, string? deadLetterQueue, int maxReceiveCount)
    {
        private readonly Lock _gate = new();
        private readonly List<SqsMessage> _messages = [];

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _messages.Count;
                }
            }
        }

        public SqsMessage Add(string id, string body, JsonObject attributes, long sequence, DateTimeOffset visibleAt)
        {
            var message = new SqsMessage(id, body, attributes, sequence, visibleAt);
            Add(message);
            return message;
        }

        public IReadOnlyList<string> Bodies()
        {
            lock (_gate)
            {
                return _messages.OrderBy(m => m.Sequence).Select(m => m.Body).ToList();
            }
        }

        public IReadOnlyDictionary<string, int> ReceiveCounts()
        {
            lock (_gate)
            {
                return _messages.ToDictionary(m => m.Id, m => m.ReceiveCount);
            }
        }

        public List<SqsMessage> Take(int max, TimeSpan visibility, ConcurrentDictionary<string, SqsQueue> queues)
        {
            var now = DateTimeOffset.UtcNow;
            var taken = new List<SqsMessage>();
            var dead = new List<SqsMessage>();
            lock (_gate)
            {
                foreach (var message in _messages.Where(m => m.VisibleAt <= now).OrderBy(m => m.Sequence).ToList())
                {
                    if (deadLetterQueue is not null && message.ReceiveCount >= maxReceiveCount)
                    {
                        _messages.Remove(message);
                        dead.Add(message);
                        continue;
                    }

                    if (taken.Count == max)
                    {
                        break;
                    }

                    message.ReceiveCount++;
                    message.VisibleAt = now + visibility;
                    message.ReceiptHandle = $"{name}:{message.Id}:{message.ReceiveCount}:{Guid.NewGuid():N}";
                    message.Handles.Add(message.ReceiptHandle);
                    taken.Add(message);
                }
            }

            foreach (var message in dead)
            {
                var target = queues[deadLetterQueue!];
                message.ReceiveCount = 0;
                message.VisibleAt = now;
                target.Add(message);
            }

            return taken;
        }

        public bool Delete(string handle)
        {
            lock (_gate)
            {
                var message = _messages.FirstOrDefault(m => m.Handles.Contains(handle));
                if (message is not null)
                {
                    _messages.Remove(message);
                    return true;
                }

                // Deleting a message already deleted with an earlier handle succeeds, as in SQS.
                return handle.StartsWith($"{name}:", StringComparison.Ordinal);
            }
        }

        public bool ChangeVisibility(string handle, TimeSpan visibility)
        {
            lock (_gate)
            {
                var message = _messages.FirstOrDefault(m => m.ReceiptHandle == handle);
                if (message is null)
                {
                    return false;
                }

                message.VisibleAt = DateTimeOffset.UtcNow + visibility;
                return true;
            }
        }

        private void Add(SqsMessage message)
        {
            lock (_gate)
            {
                _messages.Add(message);
            }
        }
    }
}
