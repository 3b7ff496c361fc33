using System.Collections.Concurrent;
using System.Globalization;
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
/// Slack's Web API method <c>chat.postMessage</c> on a free loopback port (<see cref="ApiUrl"/> is the base to configure),
/// answering as Slack does: HTTP 200 with <c>{"ok": true, "channel", "ts", "message"}</c>, or <c>{"ok": false, "error"}</c>
/// for what Slack refuses: no token (<c>not_authed</c>), a token it does not know (<c>invalid_auth</c>), a body that is
/// not JSON (<c>invalid_json</c>) or of another content type (<c>invalid_form_data</c>), an unknown channel
/// (<c>channel_not_found</c>), nothing to post (<c>no_text</c>), blocks or attachments that are not arrays, a reply to a
/// thread it never started (<c>thread_not_found</c>). Accepted messages are kept in <see cref="Posts"/>, refused calls
/// in <see cref="Refusals"/>.
/// </summary>
public sealed class SlackApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HashSet<string> _tokens;
    private readonly Dictionary<string, string> _channels;
    private readonly ConcurrentDictionary<string, bool> _timestamps = new();
    private long _sequence;

    private SlackApiDouble(WebApplication app, IEnumerable<string> tokens, IEnumerable<string> channels)
    {
        _app = app;
        _tokens = tokens.ToHashSet(StringComparer.Ordinal);
        // Channels are known by name and by id, as Slack accepts either.
        _channels = channels.Select((name, i) => (name, id: $"C{i + 1:D8}"))
            .SelectMany(c => new[] { (c.name, c.id), (c.id, c.id) })
            .ToDictionary(c => c.Item1, c => c.Item2, StringComparer.Ordinal);
    }

    /// <summary>The Web API base URL, e.g. <c>http://127.0.0.1:41234/api/</c>.</summary>
    public string ApiUrl { get; private set; } = "";

    public ConcurrentQueue<SlackPost> Posts { get; } = new();

    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<SlackApiDouble> StartAsync(IEnumerable<string> tokens, IEnumerable<string> channels)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var slack = new SlackApiDouble(app, tokens, channels);
        app.Run(slack.HandleAsync);
        await app.StartAsync();
        slack.ApiUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/";
        return slack;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/api/chat.postMessage")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await Answer(context, Refuse("unknown_method"));
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        await Answer(context, Post(context.Request, text));
    }

    private JsonObject Post(HttpRequest request, string text)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return Refuse("invalid_request");
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Refuse("not_authed");
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.Contains(authorization["Bearer ".Length..]))
        {
            return Refuse("invalid_auth");
        }

        if (request.ContentType?.Split(';')[0].Trim() != "application/json")
        {
            return Refuse("invalid_form_data");
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Refuse("invalid_json");
        }

        if (body["channel"]?.GetValueKind() != JsonValueKind.String || !_channels.TryGetValue(body["channel"]!.GetValue<string>(), out var channelId))
        {
            return Refuse("channel_not_found");
        }

        foreach (var (field, error) in new[] { ("blocks", "invalid_blocks"), ("attachments", "invalid_attachments") })
        {
            if (body[field] is { } value && value.GetValueKind() != JsonValueKind.Array)
            {
                return Refuse(error);
            }
        }

        var messageText = body["text"]?.GetValueKind() == JsonValueKind.String ? body["text"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(messageText) && body["blocks"] is not JsonArray { Count: > 0 } && body["attachments"] is not JsonArray { Count: > 0 })
        {
            return Refuse("no_text");
        }

        var threadTs = body["thread_ts"]?.GetValueKind() == JsonValueKind.String ? body["thread_ts"]!.GetValue<string>() : null;
        if (threadTs is not null && !_timestamps.ContainsKey(threadTs))
        {
            return Refuse("thread_not_found");
        }

        var ts = string.Create(CultureInfo.InvariantCulture, $"1700000000.{Interlocked.Increment(ref _sequence):D6}");
        _timestamps[ts] = true;
        Posts.Enqueue(new SlackPost(body["channel"]!.GetValue<string>(), messageText, threadTs, body, authorization["Bearer ".Length..], ts));
        return new JsonObject
        {
            ["ok"] = true,
            ["channel"] = channelId,
            ["ts"] = ts,
            ["message"] = new JsonObject { ["type"] = "message", ["text"] = messageText ?? "", ["ts"] = ts },
        };
    }

    private JsonObject Refuse(string error)
    {
        Refusals.Enqueue(error);
        return new JsonObject { ["ok"] = false, ["error"] = error };
    }

    private static Task Answer(HttpContext context, JsonObject answer)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(answer.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A message the Slack double accepted: the channel as sent, its text, the thread it replies in, the whole body, the token and the <c>ts</c> it was given.</summary>
public sealed record SlackPost(string Channel, string? Text, string? ThreadTs, JsonObject Body, string Token, string Ts);
