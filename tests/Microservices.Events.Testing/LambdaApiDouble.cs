using System.Collections.Concurrent;
using System.Globalization;
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
/// AWS Lambda's Invoke API (<c>POST /2015-03-31/functions/{FunctionName}/invocations</c>) on a free loopback port, for
/// one region and the functions it is given. It refuses what Lambda refuses, with Lambda's status, <c>x-amzn-ErrorType</c>
/// and JSON message: no or malformed Signature Version 4 <c>Authorization</c> (credential scope of another date, region
/// or service; <c>host</c> or <c>x-amz-date</c> not signed; a date more than 5 minutes off), an unknown access key, an
/// unknown function, an invalid <c>X-Amz-Invocation-Type</c>, a body that is not JSON. An accepted call answers as Lambda
/// does: 200 with the function's result (<c>X-Amz-Function-Error: Unhandled</c> when it throws), 202 for <c>Event</c>,
/// 204 for <c>DryRun</c>. It cannot check the signature itself, which needs the secret key.
/// </summary>
public sealed partial class LambdaApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _region;
    private readonly HashSet<string> _accessKeys;
    private readonly IReadOnlyDictionary<string, Func<JsonNode?, JsonNode?>> _functions;

    private LambdaApiDouble(WebApplication app, string region, IEnumerable<string> accessKeys, IReadOnlyDictionary<string, Func<JsonNode?, JsonNode?>> functions)
    {
        _app = app;
        _region = region;
        _accessKeys = accessKeys.ToHashSet(StringComparer.Ordinal);
        _functions = functions;
    }

    /// <summary>The service URL to configure, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string ServiceUrl { get; private set; } = "";

    public ConcurrentQueue<LambdaInvocation> Invocations { get; } = new();

    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <param name="functions">Each function by name: its result for an input; a function that throws fails as Lambda reports it.</param>
    public static async Task<LambdaApiDouble> StartAsync(string region, IEnumerable<string> accessKeys, IReadOnlyDictionary<string, Func<JsonNode?, JsonNode?>> functions)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var lambda = new LambdaApiDouble(app, region, accessKeys, functions);
        app.Run(lambda.HandleAsync);
        await app.StartAsync();
        lambda.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return lambda;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        var match = InvokePath().Match(path);
        if (!HttpMethods.IsPost(context.Request.Method) || !match.Success)
        {
            await Refuse(context, 404, "UnknownOperationException", "Unknown operation");
            return;
        }

        if (Authorization(context.Request) is { } problem)
        {
            await Refuse(context, 403, problem.Type, problem.Message);
            return;
        }

        var name = Uri.UnescapeDataString(match.Groups["name"].Value);
        var function = name.Split(':') is { Length: >= 7 } arn ? arn[6] : name.Split(':')[0];
        if (!_functions.TryGetValue(function, out var handler))
        {
            await Refuse(context, 404, "ResourceNotFoundException", $"Function not found: arn:aws:lambda:{_region}:123456789012:function:{function}");
            return;
        }

        var type = context.Request.Headers["X-Amz-Invocation-Type"].ToString();
        if (type.Length == 0)
        {
            type = "RequestResponse";
        }

        if (type is not ("RequestResponse" or "Event" or "DryRun"))
        {
            await Refuse(context, 400, "InvalidParameterValueException", $"1 validation error detected: Value '{type}' at 'invocationType' failed to satisfy constraint");
            return;
        }

        JsonNode? input;
        try
        {
            input = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            await Refuse(context, 400, "InvalidRequestContentException", "Could not parse request body into json: Could not parse payload into json");
            return;
        }

        Invocations.Enqueue(new LambdaInvocation(function, type, body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        switch (type)
        {
            case "Event":
                context.Response.StatusCode = 202;
                return;
            case "DryRun":
                context.Response.StatusCode = 204;
                return;
        }

        JsonNode? result;
        try
        {
            result = handler(input);
        }
        catch (Exception ex)
        {
            context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
            result = new JsonObject { ["errorMessage"] = ex.Message, ["errorType"] = ex.GetType().Name };
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result?.ToJsonString() ?? "null");
    }

    /// <summary>What Lambda answers to the request's signature headers, or null when they are acceptable.</summary>
    private (string Type, string Message)? Authorization(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var header = AuthorizationHeader().Match(authorization);
        if (!header.Success)
        {
            return ("IncompleteSignatureException", $"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization={authorization.Split(' ')[0]}");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return ("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if ((DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return ("InvalidSignatureException", "Signature expired");
        }

        if (header.Groups["date"].Value != amzDate[..8] || header.Groups["region"].Value != _region || header.Groups["service"].Value != "lambda")
        {
            return ("InvalidSignatureException", $"Credential should be scoped to a valid region and service, {amzDate[..8]}/{_region}/lambda/aws4_request");
        }

        var signed = header.Groups["signed"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date") || signed.Any(s => s != s.ToLowerInvariant()) || !signed.SequenceEqual(signed.Order(StringComparer.Ordinal)))
        {
            return ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
        }

        return _accessKeys.Contains(header.Groups["key"].Value)
            ? null
            : ("UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    private Task Refuse(HttpContext context, int status, string type, string message)
    {
        Refusals.Enqueue(type);
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = type;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["Type"] = "User", ["message"] = message }.ToJsonString());
    }

    [GeneratedRegex("^/2015-03-31/functions/(?<name>[^/]+)/invocations$")]
    private static partial Regex InvokePath();

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]{4,128})/(?<date>\\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationHeader();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An invocation the Lambda double accepted: the function, the invocation type, the body as sent and the request headers.</summary>
public sealed record LambdaInvocation(string Function, string InvocationType, string Body, IReadOnlyDictionary<string, string> Headers);
