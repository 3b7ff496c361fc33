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
/// On the same port it is STS's <c>AssumeRole</c> (Query API, <c>POST /</c>) for the roles it is given: temporary
/// credentials (<c>ASIA…</c> key and session token) that Lambda then accepts only with their <c>X-Amz-Security-Token</c>,
/// and <c>AccessDenied</c> for any other role.
/// </summary>
public sealed partial class LambdaApiDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _region;
    private readonly HashSet<string> _accessKeys;
    private readonly IReadOnlyDictionary<string, Func<JsonNode?, JsonNode?>> _functions;
    private readonly HashSet<string> _roles;
    private readonly ConcurrentDictionary<string, string> _sessionTokens = new();

    private LambdaApiDouble(WebApplication app, string region, IEnumerable<string> accessKeys, IReadOnlyDictionary<string, Func<JsonNode?, JsonNode?>> functions, IEnumerable<string> roles)
    {
        _app = app;
        _region = region;
        _accessKeys = accessKeys.ToHashSet(StringComparer.Ordinal);
        _functions = functions;
        _roles = roles.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Each role assumed through STS, with its session name.</summary>
    public ConcurrentQueue<(string Role, string SessionName)> AssumedRoles { get; } = new();

    /// <summary>The service URL to configure, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string ServiceUrl { get; private set; } = "";

    public ConcurrentQueue<LambdaInvocation> Invocations { get; } = new();

    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <param name="functions">Each function by name: its result for an input; a function that throws fails as Lambda reports it.</param>
    /// <param name="roles">Role ARNs STS lets the known keys assume.</param>
    public static async Task<LambdaApiDouble> StartAsync(string region, IEnumerable<string> accessKeys, IReadOnlyDictionary<string, Func<JsonNode?, JsonNode?>> functions, IEnumerable<string>? roles = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var lambda = new LambdaApiDouble(app, region, accessKeys, functions, roles ?? []);
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
        if (path == "/" && HttpMethods.IsPost(context.Request.Method))
        {
            await AssumeRoleAsync(context, body);
            return;
        }

        var match = InvokePath().Match(path);
        if (!HttpMethods.IsPost(context.Request.Method) || !match.Success)
        {
            await Refuse(context, 404, "UnknownOperationException", "Unknown operation");
            return;
        }

        if (Authorization(context.Request, "lambda") is { } problem)
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
    private (string Type, string Message)? Authorization(HttpRequest request, string service)
    {
        if (AwsSignatureHeaders.Check(request, _region, service, out var key, out var signed) is { } problem)
        {
            return problem;
        }

        if (_sessionTokens.TryGetValue(key, out var sessionToken))
        {
            // Temporary credentials count only with their session token, signed.
            return request.Headers["X-Amz-Security-Token"] == sessionToken && signed.Contains("x-amz-security-token")
                ? null
                : ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        return _accessKeys.Contains(key)
            ? null
            : ("UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    private async Task AssumeRoleAsync(HttpContext context, string body)
    {
        var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
        string? error = null;
        var status = 400;
        if (Authorization(context.Request, "sts") is { } problem)
        {
            (status, error) = (403, $"<Code>{(problem.Type == "UnrecognizedClientException" ? "InvalidClientTokenId" : "SignatureDoesNotMatch")}</Code><Message>{problem.Message}</Message>");
        }
        else if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true
                 || form.GetValueOrDefault("Action") != "AssumeRole" || form.GetValueOrDefault("Version") != "2011-06-15")
        {
            error = "<Code>InvalidAction</Code><Message>Could not find operation for this request</Message>";
        }
        else if (!form.TryGetValue("RoleSessionName", out var session) || !SessionName().IsMatch(session))
        {
            error = "<Code>ValidationError</Code><Message>1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint</Message>";
        }
        else if (!form.TryGetValue("RoleArn", out var role) || !_roles.Contains(role))
        {
            (status, error) = (403, $"<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole on resource: {form.GetValueOrDefault("RoleArn")}</Message>");
        }

        context.Response.ContentType = "text/xml";
        if (error is not null)
        {
            Refusals.Enqueue(error.Split("</Code>")[0].Replace("<Code>", ""));
            context.Response.StatusCode = status;
            await context.Response.WriteAsync($"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>{error}</Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>");
            return;
        }

        AssumedRoles.Enqueue((form["RoleArn"], form["RoleSessionName"]));
        var keyId = "ASIA" + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16];
        var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        _sessionTokens[keyId] = token;
        var expires = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser><Arn>{form["RoleArn"]}/{form["RoleSessionName"]}</Arn><AssumedRoleId>AROA:{form["RoleSessionName"]}</AssumedRoleId></AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>{keyId}</AccessKeyId>
                  <SecretAccessKey>{Convert.ToHexString(Guid.NewGuid().ToByteArray())}</SecretAccessKey>
                  <SessionToken>{token}</SessionToken>
                  <Expiration>{expires}</Expiration>
                </Credentials>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }

    private Task Refuse(HttpContext context, int status, string type, string message)
    {
        Refusals.Enqueue(type);
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = type;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["Type"] = "User", ["message"] = message }.ToJsonString());
    }

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionName();

    [GeneratedRegex("^/2015-03-31/functions/(?<name>[^/]+)/invocations$")]
    private static partial Regex InvokePath();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An invocation the Lambda double accepted: the function, the invocation type, the body as sent and the request headers.</summary>
public sealed record LambdaInvocation(string Function, string InvocationType, string Body, IReadOnlyDictionary<string, string> Headers);
