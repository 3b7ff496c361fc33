using System.Net.Http.Headers;
using System.Text;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Executors.Http;

/// <summary>
/// The <c>http</c> trigger: the body is built from <c>payload</c> parameters, <c>parameters</c> patch the
/// http spec itself (e.g. the URL). Success is a status in <c>policy.status.allow</c>, or any 2xx without a policy.
/// </summary>
public sealed class HttpTriggerExecutor(IHttpClientFactory clients) : ITriggerExecutor
{
    public const string ClientName = "http-trigger";

    public string Kind => "http";

    /// <summary>Its named HttpClient: no client-side timeout, as each request gets the trigger's own.</summary>
    public static void AddServices(IServiceCollection services) =>
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);

    /// <summary>The URL, possibly set by parameters, must be absolute.</summary>
    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        Uri.TryCreate(template.Http?.Url, UriKind.Absolute, out _) ? [] : [$"url \"{template.Http?.Url}\" is not an absolute URL"];

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var http = execution.Template.Http!;
        var url = new Uri(http.Url!, UriKind.Absolute);
        var method = new HttpMethod(string.IsNullOrEmpty(http.Method) ? "POST" : http.Method.ToUpperInvariant());
        using var request = new HttpRequestMessage(method, url);
        if (http.Payload is { Count: > 0 })
        {
            request.Content = new StringContent(execution.Resolved.Payload?.Text ?? "null", Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in http.Headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (!string.IsNullOrEmpty(http.Host))
        {
            request.Headers.Host = http.Host;
        }

        request.Headers.TryAddWithoutValidation("X-Events-Firing-Id", execution.FiringId.ToString());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(http.Timeout is > 0 ? http.Timeout.Value : HttpTrigger.DefaultTimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TriggerOutcome.Fail($"{method} {url} timed out");
        }
        catch (HttpRequestException ex)
        {
            return TriggerOutcome.Fail($"{method} {url} failed: {ex.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var allow = execution.Trigger.Policy?.Status?.Allow;
            var ok = allow is { Count: > 0 } ? allow.Contains(status) : status is >= 200 and < 300;
            return new TriggerOutcome(ok, $"{method} {url} answered {status}");
        }
    }
}
