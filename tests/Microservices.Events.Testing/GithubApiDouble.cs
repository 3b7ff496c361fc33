using System.Collections.Concurrent;
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
/// A GitHub REST API (Enterprise layout, under <c>/api/v3/</c>) on a free loopback port, for hook registration: list,
/// create and delete the hooks of repositories (<c>/repos/{owner}/{repo}/hooks</c>) and organizations
/// (<c>/orgs/{org}/hooks</c>), and GitHub App installation tokens (<c>POST /app/installations/{id}/access_tokens</c>,
/// the app's RS256 JWT checked against its public key). Requests need <c>Authorization: token …</c> with
/// <see cref="Token"/> or an installation token it issued (401 <c>Bad credentials</c> otherwise); a repository or
/// organization not in <see cref="Known"/> is 404, as GitHub answers when the token cannot see it.
/// </summary>
public sealed class GithubApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _issued = new();
    private int _nextId = 1;

    private GithubApiDouble(WebApplication app) => _app = app;

    /// <summary>The personal access token it accepts.</summary>
    public string Token { get; set; } = "ghp_double";

    /// <summary>Repositories (<c>owner/name</c>) and organizations the token can see.</summary>
    public ConcurrentDictionary<string, byte> Known { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The hooks that exist, by scope (<c>owner/name</c> or <c>org:name</c>).</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<int, JsonObject>> Hooks { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every request as "METHOD path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The GitHub App the double knows: its id, installation and public key.</summary>
    public (long AppId, long InstallationId, RSA Key)? App { get; set; }

    /// <summary>The API root to configure as <c>githubBaseURL</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public static async Task<GithubApiDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var github = new GithubApiDouble(app);
        app.Use(async (context, next) =>
        {
            github.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        app.MapPost("/api/v3/app/installations/{id:long}/access_tokens", (long id, HttpRequest request) => github.IssueInstallationToken(id, request));
        app.MapGet("/api/v3/repos/{owner}/{repo}/hooks", (string owner, string repo, HttpRequest request) => github.List($"{owner}/{repo}", request));
        app.MapPost("/api/v3/repos/{owner}/{repo}/hooks", (string owner, string repo, HttpRequest request) => github.CreateAsync($"{owner}/{repo}", "Repository", request));
        app.MapDelete("/api/v3/repos/{owner}/{repo}/hooks/{id:int}", (string owner, string repo, int id, HttpRequest request) => github.Delete($"{owner}/{repo}", id, request));
        app.MapGet("/api/v3/orgs/{org}/hooks", (string org, HttpRequest request) => github.List($"org:{org}", request));
        app.MapPost("/api/v3/orgs/{org}/hooks", (string org, HttpRequest request) => github.CreateAsync($"org:{org}", "Organization", request));
        app.MapDelete("/api/v3/orgs/{org}/hooks/{id:int}", (string org, int id, HttpRequest request) => github.Delete($"org:{org}", id, request));
        await app.StartAsync();
        github.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/v3/";
        return github;
    }

    private static IResult Message(int status, string message) =>
        Results.Json(new { message, documentation_url = "https://docs.github.com/rest" }, statusCode: status);

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..]
            : header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : "";
        return token == Token || _issued.ContainsKey(token);
    }

    private IResult? Refuse(string scope, HttpRequest request) =>
        !Authorized(request) ? Message(401, "Bad credentials")
        : !Known.ContainsKey(scope.StartsWith("org:", StringComparison.Ordinal) ? scope[4..] : scope) ? Message(404, "Not Found")
        : null;

    private IResult List(string scope, HttpRequest request) =>
        Refuse(scope, request) ?? Results.Json(Hooks.GetOrAdd(scope, _ => new()).Values.OrderBy(h => h["id"]!.GetValue<int>()).ToList());

    private async Task<IResult> CreateAsync(string scope, string type, HttpRequest request)
    {
        if (Refuse(scope, request) is { } refused)
        {
            return refused;
        }

        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        if (body["config"]?["url"] is null)
        {
            return Message(422, "Validation Failed");
        }

        var id = Interlocked.Increment(ref _nextId);
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var hook = new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["name"] = body["name"]?.GetValue<string>() ?? "web",
            ["active"] = body["active"]?.GetValue<bool>() ?? true,
            ["events"] = body["events"]?.DeepClone() ?? new JsonArray("push"),
            ["config"] = body["config"]!.DeepClone(),
            ["updated_at"] = now,
            ["created_at"] = now,
            ["url"] = $"{BaseUrl}hooks/{id}",
            ["test_url"] = $"{BaseUrl}hooks/{id}/test",
            ["ping_url"] = $"{BaseUrl}hooks/{id}/pings",
        };
        Hooks.GetOrAdd(scope, _ => new())[id] = hook;
        return Results.Json(hook, statusCode: 201);
    }

    private IResult Delete(string scope, int id, HttpRequest request) =>
        Refuse(scope, request) ?? (Hooks.GetOrAdd(scope, _ => new()).TryRemove(id, out _) ? Results.NoContent() : Message(404, "Not Found"));

    private IResult IssueInstallationToken(long installationId, HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (App is not { } app || !header.StartsWith("Bearer ", StringComparison.Ordinal) || !ValidJwt(header[7..], app.AppId, app.Key))
        {
            return Message(401, "A JSON web token could not be decoded");
        }

        if (installationId != app.InstallationId)
        {
            return Message(404, "Not Found");
        }

        var token = "ghs_" + Guid.NewGuid().ToString("N");
        _issued[token] = 0;
        return Results.Json(new { token, expires_at = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) }, statusCode: 201);
    }

    private static bool ValidJwt(string jwt, long appId, RSA key)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (!key.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return false;
        }

        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return payload.RootElement.GetProperty("iss").ToString() == appId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && payload.RootElement.GetProperty("iat").GetInt64() <= now
            && payload.RootElement.GetProperty("exp").GetInt64() > now
            && payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64() <= 600;
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
