using System.Text;
using System.Text.Json;
using Amazon.Runtime.Credentials;
using Microservices.Events.Semantics.Aws;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.TriggerDispatch.Executors.AwsLambda;

/// <summary>
/// The <c>awsLambda</c> trigger: Lambda's Invoke API (<c>POST /2015-03-31/functions/{name}/invocations</c>) signed with
/// Signature Version 4, the payload as the function's input, <c>X-Amz-Invocation-Type</c> from <c>invocationType</c>.
/// Credentials: the <c>accessKey</c>/<c>secretKey</c> secrets, else AWS's default chain (environment, profile,
/// container or instance role), exchanged through STS's AssumeRole for <c>roleARN</c>'s when one is given. Success is a status in <c>policy.status.allow</c>, or any 2xx without a policy, and no
/// function error (<c>X-Amz-Function-Error</c>).
/// </summary>
public sealed class AwsLambdaTriggerExecutor(IHttpClientFactory clients, SecretResolver secrets, StsAssumeRole sts, TimeProvider time, IOptions<AwsLambdaOptions> options) : ITriggerExecutor
{
    public const string ClientName = "aws-lambda-trigger";

    public string Kind => "awsLambda";

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<AwsLambdaOptions>().BindConfiguration(AwsLambdaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(StsAssumeRole.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<StsAssumeRole>();
    }

    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        TriggerKindSpec.Read<AwsLambdaTrigger>(template, Kind) is { } lambda
            ? AwsLambdaTriggerValidator.Problems(lambda).Select(p => p.ToString()).ToList()
            : ["awsLambda: missing"];

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var lambda = TriggerKindSpec.Read<AwsLambdaTrigger>(execution.Template, Kind)!;
        AwsCredentials credentials;
        try
        {
            credentials = lambda.AccessKey is not null
                ? new AwsCredentials(secrets.Require("accessKey", lambda.AccessKey), secrets.Require("secretKey", lambda.SecretKey), null)
                : await DefaultChainAsync();
        }
        catch (MissingSecretException ex)
        {
            return TriggerOutcome.Fail(ex.Message);
        }
        catch (Amazon.Runtime.AmazonClientException ex)
        {
            return TriggerOutcome.Fail($"no AWS credentials: no accessKey/secretKey and the default chain found none ({ex.Message})");
        }

        if (!string.IsNullOrEmpty(lambda.RoleARN))
        {
            try
            {
                credentials = await sts.AssumeAsync(credentials, lambda.RoleARN, StsAssumeRole.SessionName(execution.Sensor, execution.Template.Name ?? ""),
                    lambda.Region!, options.Value.StsEndpoint(lambda.Region!), cancellationToken);
            }
            catch (Exception ex) when (ex is AssumeRoleException or HttpRequestException)
            {
                return TriggerOutcome.Fail($"roleARN: AssumeRole of {lambda.RoleARN} failed: {ex.Message}");
            }
        }

        var invocationType = string.IsNullOrEmpty(lambda.InvocationType) ? "RequestResponse" : lambda.InvocationType;
        using var request = InvokeRequest(lambda, invocationType, TriggerPayload.Bytes(execution.Resolved.Payload), credentials);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var allow = execution.Trigger.Policy?.Status?.Allow;
            var accepted = allow is { Count: > 0 } ? allow.Contains(status) : status is >= 200 and < 300;
            if (!accepted)
            {
                return TriggerOutcome.Fail($"invoke {lambda.FunctionName} answered {status}: {ErrorOf(response, text)}");
            }

            if (response.Headers.TryGetValues("X-Amz-Function-Error", out var functionError))
            {
                return TriggerOutcome.Fail($"function {lambda.FunctionName} failed ({string.Join(",", functionError)}): {Shorten(text)}");
            }

            return TriggerOutcome.Ok($"invoked {lambda.FunctionName} ({invocationType}), status {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TriggerOutcome.Fail($"invoke {lambda.FunctionName} timed out");
        }
        catch (HttpRequestException ex)
        {
            return TriggerOutcome.Fail($"invoke {lambda.FunctionName} failed: {ex.Message}");
        }
    }

    private HttpRequestMessage InvokeRequest(AwsLambdaTrigger lambda, string invocationType, byte[] body, AwsCredentials credentials)
    {
        var endpoint = options.Value.Endpoint(lambda.Region!);
        string[] segments = ["2015-03-31", "functions", lambda.FunctionName!, "invocations"];
        var basePath = endpoint.AbsolutePath.Trim('/');
        var allSegments = basePath.Length == 0 ? segments : [.. basePath.Split('/').Select(Uri.UnescapeDataString), .. segments];
        var uri = new Uri(endpoint, "/" + string.Join('/', allSegments.Select(SigV4.Encode)));
        var now = time.GetUtcNow();
        var headers = new Dictionary<string, string>
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = SigV4.AmzDate(now),
            ["x-amz-invocation-type"] = invocationType,
            ["content-type"] = "application/json",
        };
        if (credentials.SessionToken is { } token)
        {
            headers["x-amz-security-token"] = token;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers.Where(h => h.Key is not ("host" or "content-type")))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", SigV4.Authorization("POST", allSegments, headers, body, credentials, lambda.Region!, "lambda", now));
        return request;
    }

    private static async Task<AwsCredentials> DefaultChainAsync()
    {
        var resolved = await (await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null)).GetCredentialsAsync();
        return new AwsCredentials(resolved.AccessKey, resolved.SecretKey, string.IsNullOrEmpty(resolved.Token) ? null : resolved.Token);
    }

    /// <summary>Lambda's error type and message (<c>x-amzn-ErrorType</c>, <c>message</c>).</summary>
    private static string ErrorOf(HttpResponseMessage response, string text)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0] : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "message", "Message" })
                {
                    if (document.RootElement.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.String)
                    {
                        message = m.GetString();
                        break;
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return string.Join(": ", new[] { type, message ?? Shorten(text) }.Where(p => !string.IsNullOrEmpty(p)));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
