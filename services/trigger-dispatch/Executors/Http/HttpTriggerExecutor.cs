using System.Net.Http.Headers;
using System.Text;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Semantics.Paths;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch.Executors.Http;

/// <summary>
/// The <c>http</c> trigger: the body is built from <c>payload</c> parameters, <c>parameters</c> patch the
/// http spec itself (e.g. the URL). Headers come from <c>headers</c>, <c>dynamicHeaders</c> (event values),
/// <c>secureHeaders</c> (secrets, config maps) and <c>basicAuth</c>; <c>tls</c> sets the CA, client certificate and
/// verification. A secret that is missing fails the attempt with the field and reference it names. Success is a status
/// in <c>policy.status.allow</c>, or any 2xx without a policy.
/// </summary>
public sealed class HttpTriggerExecutor(IHttpClientFactory clients, HttpTlsClients tlsClients, SecretResolver secrets, ConfigMapResolver configMaps) : ITriggerExecutor
{
    public const string ClientName = "http-trigger";

    public string Kind => "http";

    /// <summary>
    /// Its named HttpClient (no client-side timeout, as each request gets the trigger's own), the clients of triggers
    /// with <c>tls</c>, and the secret and config map resolvers.
    /// </summary>
    public static void AddServices(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<HttpTlsClients>();
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<ConfigMapResolver>();
    }

    /// <summary>The URL, possibly set by parameters, must be absolute.</summary>
    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        Uri.TryCreate(template.Http?.Url, UriKind.Absolute, out _) ? [] : [$"url \"{template.Http?.Url}\" is not an absolute URL"];

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var http = execution.Template.Http!;
        var url = new Uri(http.Url!, UriKind.Absolute);
        HttpCredentials credentials;
        HttpClient client;
        try
        {
            credentials = HttpCredentials.Resolve(http, secrets, configMaps);
            client = credentials.Tls is { } tls ? tlsClients.For(tls) : clients.CreateClient(ClientName);
        }
        catch (Exception ex) when (ex is HttpCredentialException or System.Security.Cryptography.CryptographicException)
        {
            return TriggerOutcome.Fail(ex is HttpCredentialException ? ex.Message : $"tls: {ex.Message}");
        }

        var method = new HttpMethod(string.IsNullOrEmpty(http.Method) ? "POST" : http.Method.ToUpperInvariant());
        using var request = new HttpRequestMessage(method, url);
        if (http.Payload is { Count: > 0 })
        {
            request.Content = new StringContent(execution.Resolved.Payload?.Text ?? "null", Encoding.UTF8, "application/json");
        }

        // As Argo: headers, then dynamicHeaders, then secureHeaders, then basicAuth; a later one replaces an earlier one.
        foreach (var (name, value) in http.Headers ?? new Dictionary<string, string>())
        {
            SetHeader(request, name, value);
        }

        for (var i = 0; i < (http.DynamicHeaders?.Count ?? 0); i++)
        {
            var dynamic = http.DynamicHeaders![i];
            ResolvedValue? value;
            try
            {
                value = dynamic.Src is null ? null : ParameterResolver.Resolve(dynamic.Src, execution.Events);
            }
            catch (ParameterException ex)
            {
                return TriggerOutcome.Fail($"dynamicHeaders[{i}] ({dynamic.Dest}): {ex.Message}");
            }

            if (value is not null)
            {
                SetHeader(request, dynamic.Dest ?? "", value.Text);
            }
        }

        foreach (var (name, value) in credentials.SecureHeaders)
        {
            SetHeader(request, name, value);
        }

        if (credentials.BasicAuth is { } basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.User}:{basic.Password}")));
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
            response = await client.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TriggerOutcome.Fail($"{method} {Shown(url)} timed out");
        }
        catch (HttpRequestException ex)
        {
            return TriggerOutcome.Fail($"{method} {Shown(url)} failed: {ex.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var allow = execution.Trigger.Policy?.Status?.Allow;
            var ok = allow is { Count: > 0 } ? allow.Contains(status) : status is >= 200 and < 300;
            return new TriggerOutcome(ok, $"{method} {Shown(url)} answered {status}");
        }
    }

    /// <summary>The URL as outcomes and logs show it: without user-info, which may hold a password.</summary>
    private static string Shown(Uri url) => url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    private static void SetHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        if (!request.Headers.TryAddWithoutValidation(name, value))
        {
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.Remove(name);
            request.Content.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
