using System.Collections.Concurrent;
using System.Text;
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
/// The webhooks plugin of Gerrit's REST API on a free loopback port: get, put (create 201 or update 200) and delete a
/// project's remote (<c>/a/config/server/webhooks~projects/{project}/remotes/{name}</c>, the project URL-encoded).
/// Requests need HTTP basic auth with <see cref="Username"/> and <see cref="Password"/> (401 otherwise); a project not
/// in <see cref="Projects"/> or a remote that does not exist is 404 with Gerrit's plain-text body; JSON answers start
/// with Gerrit's XSSI prefix line <c>)]}'</c>.
/// </summary>
public sealed class GerritApiDouble : IAsyncDisposable
{
    private const string Path = "/a/config/server/webhooks~projects/{project}/remotes/{name}";
    private readonly WebApplication _app;

    private GerritApiDouble(WebApplication app) => _app = app;

    public string Username { get; set; } = "gerrit-user";
    public string Password { get; set; } = "gerrit-password";

    public ConcurrentDictionary<string, byte> Projects { get; } = new(StringComparer.Ordinal);

    /// <summary>The remotes by project, then by name.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> Remotes { get; } = new(StringComparer.Ordinal);

    /// <summary>The root to configure as <c>gerritBaseURL</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<GerritApiDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gerrit = new GerritApiDouble(app);
        app.MapGet(Path, (string project, string name, HttpRequest r) => gerrit.Get(Uri.UnescapeDataString(project), Uri.UnescapeDataString(name), r));
        app.MapPut(Path, (string project, string name, HttpRequest r) => gerrit.PutAsync(Uri.UnescapeDataString(project), Uri.UnescapeDataString(name), r));
        app.MapDelete(Path, (string project, string name, HttpRequest r) => gerrit.Delete(Uri.UnescapeDataString(project), Uri.UnescapeDataString(name), r));
        await app.StartAsync();
        gerrit.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return gerrit;
    }

    private static IResult Json(JsonNode node, int status) =>
        Results.Text(")]}'\n" + node.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, status);

    private IResult? Refuse(string project, HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        return request.Headers.Authorization.ToString() != expected ? Results.Text("Unauthorized", "text/plain", statusCode: 401)
            : !Projects.ContainsKey(project) ? Results.Text($"Not found: {project}", "text/plain", statusCode: 404)
            : null;
    }

    private IResult Get(string project, string name, HttpRequest request) =>
        Refuse(project, request) ?? (Remotes.GetOrAdd(project, _ => new()).TryGetValue(name, out var remote)
            ? Json(remote, 200)
            : Results.Text($"Not found: {name}", "text/plain", statusCode: 404));

    private async Task<IResult> PutAsync(string project, string name, HttpRequest request)
    {
        if (Refuse(project, request) is { } refused)
        {
            return refused;
        }

        JsonObject remote;
        try
        {
            remote = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            return Results.Text("Bad Request", "text/plain", statusCode: 400);
        }

        var remotes = Remotes.GetOrAdd(project, _ => new());
        var created = !remotes.ContainsKey(name);
        remotes[name] = remote;
        return Json(remote.DeepClone(), created ? 201 : 200);
    }

    private IResult Delete(string project, string name, HttpRequest request) =>
        Refuse(project, request) ?? (Remotes.GetOrAdd(project, _ => new()).TryRemove(name, out _)
            ? Results.NoContent()
            : Results.Text($"Not found: {name}", "text/plain", statusCode: 404));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
