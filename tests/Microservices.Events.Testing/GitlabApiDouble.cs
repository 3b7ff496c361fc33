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
/// A GitLab REST API v4 on a free loopback port, for hook registration: list, add and delete the hooks of projects
/// (<c>/api/v4/projects/{id or url-encoded path}/hooks</c>) and groups (<c>/api/v4/groups/{id}/hooks</c>). Requests need
/// <c>PRIVATE-TOKEN</c> with <see cref="Token"/> (401 <c>401 Unauthorized</c> otherwise); a project or group not in
/// <see cref="Known"/> is 404 <c>404 Project Not Found</c>, as GitLab answers. The secret token a hook was created with
/// is kept as <c>token_given</c> (GitLab does not return it) so tests can check it.
/// </summary>
public sealed class GitlabApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _nextId;

    private GitlabApiDouble(WebApplication app) => _app = app;

    public string Token { get; set; } = "glpat-double";

    /// <summary>Projects (<c>project:group/name</c> or <c>project:42</c>) and groups (<c>group:name</c>) the token can see.</summary>
    public ConcurrentDictionary<string, byte> Known { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The hooks that exist, by scope (<c>project:…</c> or <c>group:…</c>).</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<long, JsonObject>> Hooks { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The root to configure as <c>gitlabBaseURL</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<GitlabApiDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gitlab = new GitlabApiDouble(app);
        app.Use(async (context, next) =>
        {
            gitlab.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        foreach (var scope in new[] { "projects", "groups" })
        {
            var kind = scope.TrimEnd('s');
            app.MapGet($"/api/v4/{scope}/{{id}}/hooks", (string id, HttpRequest request) => gitlab.List($"{kind}:{id}", request));
            app.MapPost($"/api/v4/{scope}/{{id}}/hooks", (string id, HttpRequest request) => gitlab.AddAsync($"{kind}:{id}", request));
            app.MapDelete($"/api/v4/{scope}/{{id}}/hooks/{{hook:long}}", (string id, long hook, HttpRequest request) => gitlab.Delete($"{kind}:{id}", hook, request));
        }

        await app.StartAsync();
        gitlab.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return gitlab;
    }

    private IResult? Refuse(string scope, HttpRequest request) =>
        request.Headers["PRIVATE-TOKEN"].ToString() != Token ? Results.Json(new { message = "401 Unauthorized" }, statusCode: 401)
        : !Known.ContainsKey(Uri.UnescapeDataString(scope)) ? Results.Json(new { message = $"404 {(scope.StartsWith("group", StringComparison.Ordinal) ? "Group" : "Project")} Not Found" }, statusCode: 404)
        : null;

    private static string Key(string scope) => Uri.UnescapeDataString(scope);

    private IResult List(string scope, HttpRequest request) =>
        Refuse(scope, request) ?? Results.Json(Hooks.GetOrAdd(Key(scope), _ => new()).Values.OrderBy(h => h["id"]!.GetValue<long>()).ToList());

    private async Task<IResult> AddAsync(string scope, HttpRequest request)
    {
        if (Refuse(scope, request) is { } refused)
        {
            return refused;
        }

        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        if (body["url"] is null)
        {
            return Results.Json(new { error = "url is missing" }, statusCode: 400);
        }

        var id = Interlocked.Increment(ref _nextId);
        var hook = body.DeepClone().AsObject();
        hook.Remove("token");
        hook["id"] = id;
        hook["created_at"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        hook["token_given"] = body["token"]?.GetValue<string>();
        Hooks.GetOrAdd(Key(scope), _ => new())[id] = hook;
        return Results.Json(hook, statusCode: 201);
    }

    private IResult Delete(string scope, long id, HttpRequest request) =>
        Refuse(scope, request) ?? (Hooks.GetOrAdd(Key(scope), _ => new()).TryRemove(id, out _) ? Results.NoContent() : Results.Json(new { message = "404 Not Found" }, statusCode: 404));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
