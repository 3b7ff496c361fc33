using System.Net.Http.Headers;
using System.Text;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch.Executors.OpenWhisk;

/// <summary>
/// The <c>openWhisk</c> trigger: a blocking invocation for the action's result,
/// <c>POST {host}/api/{version}/namespaces/{namespace}/actions/{action}?blocking=true&amp;result=true</c>, with basic
/// authentication from the <c>user:key</c> of <c>authToken</c> and the payload as the action's parameters. Success is a
/// status in <c>policy.status.allow</c>, or any 2xx without a policy.
/// </summary>
public sealed class OpenWhiskTriggerExecutor(IHttpClientFactory clients, SecretResolver secrets) : ITriggerExecutor
{
    public const string ClientName = "openwhisk-trigger";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(70);

    public string Kind => "openWhisk";

    public static void AddServices(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<SecretResolver>();
    }

    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        TriggerKindSpec.Read<OpenWhiskTrigger>(template, Kind) is { } whisk
            ? OpenWhiskTriggerValidator.Problems(whisk).Select(p => p.ToString()).ToList()
            : ["openWhisk: missing"];

    /// <summary>The invocation URL of an action (blocking, answering with the result).</summary>
    public static Uri InvokeUrl(OpenWhiskTrigger whisk)
    {
        var baseUrl = OpenWhiskTriggerValidator.BaseUrl(whisk.Host!)!;
        var action = string.Join('/', whisk.ActionName!.Split('/').Select(Uri.EscapeDataString));
        var path = $"{baseUrl.AbsolutePath.TrimEnd('/')}/api/{(string.IsNullOrEmpty(whisk.Version) ? "v1" : whisk.Version)}/namespaces/{Uri.EscapeDataString(string.IsNullOrEmpty(whisk.Namespace) ? "_" : whisk.Namespace)}/actions/{action}";
        return new UriBuilder(baseUrl) { Path = path, Query = "blocking=true&result=true" }.Uri;
    }

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var whisk = TriggerKindSpec.Read<OpenWhiskTrigger>(execution.Template, Kind)!;
        string? token;
        try
        {
            token = secrets.Optional("authToken", whisk.AuthToken);
        }
        catch (MissingSecretException ex)
        {
            return TriggerOutcome.Fail(ex.Message);
        }

        var url = InvokeUrl(whisk);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        var body = TriggerPayload.Bytes(execution.Resolved.Payload);
        request.Content = new ByteArrayContent(body.Length == 0 ? "{}"u8.ToArray() : body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            if (!token.Contains(':'))
            {
                return TriggerOutcome.Fail($"authToken: secret \"{whisk.AuthToken?.Name}\" key \"{whisk.AuthToken?.Key}\" is not OpenWhisk's user:key");
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(token)));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var allow = execution.Trigger.Policy?.Status?.Allow;
            var ok = allow is { Count: > 0 } ? allow.Contains(status) : status is >= 200 and < 300;
            var text = ok ? "" : await response.Content.ReadAsStringAsync(timeout.Token);
            return new TriggerOutcome(ok, ok
                ? $"invoked action {whisk.ActionName}, status {status}"
                : $"invoke action {whisk.ActionName} answered {status}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TriggerOutcome.Fail($"invoke action {whisk.ActionName} at {url.GetLeftPart(UriPartial.Authority)} timed out");
        }
        catch (HttpRequestException ex)
        {
            return TriggerOutcome.Fail($"invoke action {whisk.ActionName} failed: {ex.Message}");
        }
    }
}
