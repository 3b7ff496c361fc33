using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Testing;

/// <summary>
/// Apache OpenWhisk's action invocation (<c>POST /api/v1/namespaces/{namespace}/actions/{[package/]action}</c>) on a free
/// loopback port, for one <c>user:key</c> and the actions it is given (in namespace <c>_</c> and the user's own). It
/// answers as OpenWhisk does: 401 without or with other basic credentials, 404 for an unknown action, 400 for a body
/// that is not a JSON object, 502 with the error when the action throws; otherwise the action's result (200) with
/// <c>blocking=true&amp;result=true</c>, or its activation id (202) without <c>blocking</c>.
/// </summary>
public sealed partial class OpenWhiskApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _credentials;
    private readonly string _namespace;
    private readonly IReadOnlyDictionary<string, Func<JsonObject, JsonNode?>> _actions;

    private OpenWhiskApiDouble(WebApplication app, string credentials, string ns, IReadOnlyDictionary<string, Func<JsonObject, JsonNode?>> actions)
    {
        _app = app;
        _credentials = credentials;
        _namespace = ns;
        _actions = actions;
    }

    /// <summary>The host to configure, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Host { get; private set; } = "";

    public ConcurrentQueue<(string Action, JsonObject Parameters)> Invocations { get; } = new();

    public ConcurrentQueue<int> Refusals { get; } = new();

    public static async Task<OpenWhiskApiDouble> StartAsync(string credentials, string ns, IReadOnlyDictionary<string, Func<JsonObject, JsonNode?>> actions)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var whisk = new OpenWhiskApiDouble(app, credentials, ns, actions);
        app.Run(whisk.HandleAsync);
        await app.StartAsync();
        whisk.Host = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return whisk;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(_credentials));
        if (authorization != expected)
        {
            await Answer(context, 401, new JsonObject { ["error"] = "The supplied authentication is invalid.", ["code"] = "auth" });
            return;
        }

        var match = InvokePath().Match(context.Request.Path.Value ?? "");
        var ns = match.Success ? Uri.UnescapeDataString(match.Groups["ns"].Value) : "";
        var action = match.Success ? string.Join('/', match.Groups["action"].Value.Split('/').Select(Uri.UnescapeDataString)) : "";
        if (!HttpMethods.IsPost(context.Request.Method) || !match.Success || (ns != "_" && ns != _namespace) || !_actions.TryGetValue(action, out var run))
        {
            await Answer(context, 404, new JsonObject { ["error"] = "The requested resource does not exist.", ["code"] = "notfound" });
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        JsonObject parameters;
        try
        {
            parameters = JsonNode.Parse(await reader.ReadToEndAsync()) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            await Answer(context, 400, new JsonObject { ["error"] = "The request content was malformed.", ["code"] = "malformed" });
            return;
        }

        Invocations.Enqueue((action, parameters));
        if (context.Request.Query["blocking"] != "true")
        {
            await Answer(context, 202, new JsonObject { ["activationId"] = Guid.NewGuid().ToString("N") });
            return;
        }

        try
        {
            var result = run(parameters);
            await Answer(context, 200, context.Request.Query["result"] == "true" ? result : new JsonObject { ["response"] = new JsonObject { ["result"] = result } });
        }
        catch (Exception ex)
        {
            await Answer(context, 502, new JsonObject { ["error"] = ex.Message });
        }
    }

    private Task Answer(HttpContext context, int status, JsonNode? body)
    {
        if (status >= 400)
        {
            Refusals.Enqueue(status);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body?.ToJsonString() ?? "null");
    }

    [GeneratedRegex("^/api/v1/namespaces/(?<ns>[^/]+)/actions/(?<action>[^/]+(/[^/]+)?)$")]
    private static partial Regex InvokePath();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
