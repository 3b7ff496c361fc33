using k8s;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Kubernetes;

/// <summary>
/// The API server connection of <see cref="KubernetesOptions"/>, made on first use and kept (KubernetesClient handles
/// TLS and credentials): the k8s and argoWorkflow triggers and the resource event source reach the API through it.
/// </summary>
public sealed class KubernetesConnection(IOptions<KubernetesOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private k8s.Kubernetes? _client;
    private string? _namespace;

    public const string NotConfigured =
        "no Kubernetes API server configured: set Kubernetes:Host or Kubernetes:KubeconfigPath, provide a kubeconfig ($KUBECONFIG or ~/.kube/config), or run in a cluster";

    /// <summary>The client and the default namespace of objects that name none.</summary>
    /// <exception cref="InvalidOperationException">No connection is configured or the configuration cannot be read.</exception>
    public (k8s.Kubernetes Client, string Namespace) Get()
    {
        lock (_gate)
        {
            if (_client is null)
            {
                var config = Configuration(options.Value);
                _client = new k8s.Kubernetes(config);
                _namespace = options.Value.Namespace ?? config.Namespace ?? "default";
            }

            return (_client, _namespace!);
        }
    }

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds);

    /// <summary>
    /// A request to <paramref name="path"/> (relative to the API server, e.g. <c>api/v1/pods</c>) accepting JSON and
    /// carrying the connection's credentials; send it with <see cref="Http"/>.
    /// </summary>
    public async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var (client, _) = Get();
        var baseUri = client.BaseUri.ToString();
        var request = new HttpRequestMessage(method, new Uri(new Uri(baseUri.EndsWith('/') ? baseUri : baseUri + "/"), path));
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        return request;
    }

    /// <summary>The HTTP client of the connection (its TLS settings); requests come from <see cref="RequestAsync"/>.</summary>
    public HttpClient Http => Get().Client.HttpClient;

    private static KubernetesClientConfiguration Configuration(KubernetesOptions o)
    {
        try
        {
            if (o.Host is not null)
            {
                var config = new KubernetesClientConfiguration
                {
                    Host = o.Host,
                    AccessToken = o.TokenFile is not null ? File.ReadAllText(o.TokenFile).Trim() : o.Token,
                    SkipTlsVerify = o.SkipTlsVerify,
                    Namespace = o.Namespace,
                };
                if (o.CaFile is not null)
                {
                    config.SslCaCerts = [System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(o.CaFile)];
                }

                return config;
            }

            if (o.KubeconfigPath is not null)
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(o.KubeconfigPath, o.Context);
            }

            if (KubernetesClientConfiguration.IsInCluster())
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }

            var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } env
                ? env.Split(Path.PathSeparator)[0]
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
            if (File.Exists(kubeconfig))
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, o.Context);
            }
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            throw new InvalidOperationException($"the Kubernetes connection cannot be configured: {ex.GetType().Name}: {ex.Message}", ex);
        }

        throw new InvalidOperationException(NotConfigured);
    }

    public void Dispose() => _client?.Dispose();
}
