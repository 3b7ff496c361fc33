using System.Collections.Concurrent;
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
/// Bitbucket Server's REST API 1.0 webhooks on a free loopback port: list (paged: <c>values</c>, <c>isLastPage</c>),
/// create and delete the webhooks of repositories (<c>/rest/api/1.0/projects/{key}/repos/{slug}/webhooks</c>) and
/// projects (<c>/rest/api/1.0/projects/{key}/webhooks</c>). Requests need <c>Authorization: Bearer</c> with
/// <see cref="Token"/> (401 otherwise); a project or repository not in <see cref="Known"/> is 404, with Bitbucket's
/// <c>errors</c> body.
/// </summary>
public sealed class BitbucketServerApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _nextId;

    private BitbucketServerApiDouble(WebApplication app) => _app = app;

    public string Token { get; set; } = "bbs-token";

    /// <summary>Projects (<c>KEY</c>) and repositories (<c>KEY/slug</c>) the token can see.</summary>
    public ConcurrentDictionary<string, byte> Known { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, ConcurrentDictionary<long, JsonObject>> Hooks { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The root to configure as <c>bitbucketserverBaseURL</c> (ends in <c>/rest</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<BitbucketServerApiDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var bitbucket = new BitbucketServerApiDouble(app);
        app.MapGet("/rest/api/1.0/projects/{key}/repos/{slug}/webhooks", (string key, string slug, HttpRequest r) => bitbucket.List($"{key}/{slug}", r));
        app.MapPost("/rest/api/1.0/projects/{key}/repos/{slug}/webhooks", (string key, string slug, HttpRequest r) => bitbucket.CreateAsync($"{key}/{slug}", r));
        app.MapDelete("/rest/api/1.0/projects/{key}/repos/{slug}/webhooks/{id:long}", (string key, string slug, long id, HttpRequest r) => bitbucket.Delete($"{key}/{slug}", id, r));
        app.MapGet("/rest/api/1.0/projects/{key}/webhooks", (string key, HttpRequest r) => bitbucket.List(key, r));
        app.MapPost("/rest/api/1.0/projects/{key}/webhooks", (string key, HttpRequest r) => bitbucket.CreateAsync(key, r));
        app.MapDelete("/rest/api/1.0/projects/{key}/webhooks/{id:long}", (string key, long id, HttpRequest r) => bitbucket.Delete(key, id, r));
        await app.StartAsync();
        bitbucket.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/rest";
        return bitbucket;
    }

    private static IResult Errors(int status, string message) => Results.Json(new { errors = new[] { new { context = (string?)null, message, exceptionName = (string?)null } } }, statusCode: status);

    private IResult? Refuse(string scope, HttpRequest request) =>
        request.Headers.Authorization.ToString() != $"Bearer {Token}" ? Errors(401, "Authentication failed. Please check your credentials and try again.")
        : !Known.ContainsKey(scope) ? Errors(404, $"{(scope.Contains('/') ? "Repository" : "Project")} {scope} does not exist.")
        : null;

    private IResult List(string scope, HttpRequest request)
    {
        if (Refuse(scope, request) is { } refused)
        {
            return refused;
        }

        var values = Hooks.GetOrAdd(scope, _ => new()).Values.OrderBy(h => h["id"]!.GetValue<long>()).ToList();
        return Results.Json(new { size = values.Count, limit = 100, isLastPage = true, values, start = 0 });
    }

    private async Task<IResult> CreateAsync(string scope, HttpRequest request)
    {
        if (Refuse(scope, request) is { } refused)
        {
            return refused;
        }

        var hook = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        hook["id"] = Interlocked.Increment(ref _nextId);
        hook["createdDate"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Hooks.GetOrAdd(scope, _ => new())[hook["id"]!.GetValue<int>()] = hook;
        return Results.Json(hook, statusCode: 201);
    }

    private IResult Delete(string scope, long id, HttpRequest request) =>
        Refuse(scope, request) ?? (Hooks.GetOrAdd(scope, _ => new()).TryRemove(id, out _) ? Results.NoContent() : Errors(404, $"Webhook {id} does not exist."));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
