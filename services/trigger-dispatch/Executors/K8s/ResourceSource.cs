using System.Text.Json.Nodes;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>
/// Fetches the object of a k8s or argoWorkflow trigger from its source (inline resource, inline text, ConfigMap key,
/// file, http(s) URL, S3 object) and applies the kind's <c>parameters</c> to it. An inline <c>resource</c> arrives with its
/// parameters already applied by the firing resolver.
/// </summary>
public sealed class ResourceSource(KubernetesApi api, IHttpClientFactory clients, S3ObjectReader s3Objects)
{
    public const string UrlClient = "k8s-source";
    public const string UrlClientNoVerify = "k8s-source-noverify";

    public static void AddServices(IServiceCollection services)
    {
        services.AddHttpClient(UrlClient);
        services.AddHttpClient(UrlClientNoVerify).ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
        {
            // url.verifyCert is false by default in Argo: the URL's certificate is not checked unless asked.
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
    }

    /// <exception cref="ResourceSourceException">The source cannot be read or does not hold one object.</exception>
    public async Task<JsonObject> FetchAsync(ArtifactLocation source, IReadOnlyList<TriggerParameter>? parameters, TriggerExecution execution, CancellationToken ct)
    {
        if (source.Resource is not null && execution.Resolved.Resource is JsonObject resolved)
        {
            return (JsonObject)resolved.DeepClone();
        }

        string text;
        string where;
        if (source.Inline is { } inline)
        {
            (text, where) = (inline, "source.inline");
        }
        else if (source.Configmap is { } cm)
        {
            where = $"source.configmap {cm.Name}/{cm.Key}";
            var configMaps = await api.ResolveAsync("v1", "ConfigMap", ct);
            var map = await api.GetAsync(configMaps, api.DefaultNamespace, cm.Name!, ct);
            text = map["data"]?[cm.Key!]?.GetValue<string>() ?? throw new ResourceSourceException($"{where}: the ConfigMap has no key \"{cm.Key}\"");
        }
        else if (source.File is { } file)
        {
            where = $"source.file {file.Path}";
            try
            {
                text = await File.ReadAllTextAsync(file.Path!, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ResourceSourceException($"{where}: {ex.Message}");
            }
        }
        else if (source.Url is { } url)
        {
            where = $"source.url {url.Path}";
            try
            {
                using var response = await clients.CreateClient(url.VerifyCert == true ? UrlClient : UrlClientNoVerify).GetAsync(url.Path, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new ResourceSourceException($"{where}: answered {(int)response.StatusCode}");
                }

                text = await response.Content.ReadAsStringAsync(ct);
            }
            catch (HttpRequestException ex)
            {
                throw new ResourceSourceException($"{where}: {ex.Message}");
            }
        }
        else if (source.S3 is { } s3)
        {
            where = S3ObjectReader.Describe(s3);
            text = await s3Objects.ReadAsync(s3, ct);
        }
        else
        {
            throw new ResourceSourceException("the trigger's source has no resource, inline, configmap, file, url or s3");
        }

        JsonObject obj;
        try
        {
            var documents = YamlJson.ParseDocuments(text);
            obj = documents.Count == 1 && documents[0] is JsonObject o ? o : throw new ResourceSourceException($"{where}: does not hold exactly one object");
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            throw new ResourceSourceException($"{where}: not YAML or JSON: {ex.Message}");
        }

        return ApplyParameters(obj, parameters, execution);
    }

    /// <summary>The kind's parameters applied to an object fetched from the cluster or a source other than an inline resource.</summary>
    public static JsonObject ApplyParameters(JsonObject obj, IReadOnlyList<TriggerParameter>? parameters, TriggerExecution execution) =>
        parameters is { Count: > 0 }
            ? ParameterResolver.Apply(obj, parameters, execution.Events) as JsonObject ?? throw new ResourceSourceException("the parameters replaced the object with something that is not an object")
            : obj;
}

/// <summary>A trigger's source cannot give its object.</summary>
public sealed class ResourceSourceException(string message) : Exception(message);
