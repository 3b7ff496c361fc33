using System.Globalization;
using System.Text.Json.Nodes;
using Microservices.Events.Kubernetes;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>
/// The <c>k8s</c> trigger: builds the object from its source and parameters, finds its resource by discovery from
/// apiVersion and kind, and creates (stamping Argo's <c>events.argoproj.io/*</c> labels), updates (folded into the live
/// object, created when missing), patches (created when missing) or deletes it (nothing to do when missing); then
/// <c>policy.k8s</c>. An API error fails the attempt with the server's code, reason and message.
/// </summary>
public sealed class K8sTriggerExecutor(KubernetesApi api, ResourceSource source, ResourceLabelsPolicy policy, TimeProvider time) : ITriggerExecutor
{
    public string Kind => "k8s";

    public static void AddServices(IServiceCollection services)
    {
        AddKubernetes(services);
    }

    /// <summary>The connection and helpers the k8s and argoWorkflow triggers share (registered once).</summary>
    public static void AddKubernetes(IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(KubernetesApi)))
        {
            return;
        }

        services.AddKubernetesOptions();
        services.AddSingleton<KubernetesConnection>();
        services.AddSingleton<KubernetesApi>();
        services.AddSingleton<ResourceSource>();
        services.AddSingleton<S3ObjectReader>();
        services.TryAddSingleton<SecretResolver>();
        services.AddSingleton<ResourceLabelsPolicy>();
        ResourceSource.AddServices(services);
    }

    /// <summary>What trigger-level parameters may have broken: the source, the operation and the patch strategy.</summary>
    public IReadOnlyList<string> Validate(TriggerTemplate template)
    {
        var problems = new List<string>();
        var k8s = template.K8s;
        if (k8s?.Source is null)
        {
            problems.Add("k8s.source is required");
        }

        if (!string.IsNullOrEmpty(k8s?.Operation) && !K8sTrigger.Operations.Contains(k8s.Operation))
        {
            problems.Add($"k8s.operation \"{k8s.Operation}\" must be one of {string.Join(", ", K8sTrigger.Operations)}");
        }

        if (!string.IsNullOrEmpty(k8s?.PatchStrategy) && !K8sTrigger.PatchStrategies.Contains(k8s.PatchStrategy))
        {
            problems.Add($"k8s.patchStrategy \"{k8s.PatchStrategy}\" must be one of {string.Join(", ", K8sTrigger.PatchStrategies)}");
        }

        return problems;
    }

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var k8s = execution.Template.K8s!;
        var operation = string.IsNullOrEmpty(k8s.Operation) ? "create" : k8s.Operation;
        string? described = null;
        try
        {
            var obj = await source.FetchAsync(k8s.Source!, k8s.Parameters, execution, cancellationToken);
            var (resource, ns, name) = await LocateAsync(obj, cancellationToken);
            described = resource.Describe(ns, name ?? Metadata(obj)["generateName"]?.ToString() + "*");
            if (operation == "update" && k8s.LiveObject == true)
            {
                if (name is null)
                {
                    return TriggerOutcome.Fail($"update {described}: liveObject needs metadata.name");
                }

                obj = ResourceSource.ApplyParameters(await api.GetAsync(resource, ns, name, cancellationToken), k8s.Parameters, execution);
            }

            var (written, outcome) = await RunAsync(operation, k8s, execution, resource, ns, name, obj, cancellationToken);
            if (written is null || operation == "delete")
            {
                return outcome;
            }

            return await policy.ApplyAsync(execution.Trigger.Policy?.K8s, resource, ns, Metadata(written)["name"]!.GetValue<string>(), outcome, cancellationToken);
        }
        catch (KubernetesApiException ex)
        {
            return TriggerOutcome.Fail($"{operation} {described ?? "object"}: {ex}");
        }
        catch (ResourceSourceException ex)
        {
            return TriggerOutcome.Fail($"{operation}: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            return TriggerOutcome.Fail($"{operation}: {ex.Message}");
        }
    }

    private async Task<(ResourceRef Resource, string? Namespace, string? Name)> LocateAsync(JsonObject obj, CancellationToken ct)
    {
        var apiVersion = obj["apiVersion"]?.ToString();
        var kind = obj["kind"]?.ToString();
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            throw new ResourceSourceException("the object has no apiVersion or kind");
        }

        var resource = await api.ResolveAsync(apiVersion, kind, ct);
        var metadata = Metadata(obj);
        string? ns = null;
        if (resource.Namespaced)
        {
            ns = metadata["namespace"]?.ToString() is { Length: > 0 } given ? given : api.DefaultNamespace;
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        return (resource, ns, metadata["name"]?.ToString() is { Length: > 0 } name ? name : null);
    }

    private async Task<(JsonObject? Written, TriggerOutcome Outcome)> RunAsync(string operation, K8sTrigger k8s, TriggerExecution execution, ResourceRef resource, string? ns, string? name, JsonObject obj, CancellationToken ct)
    {
        if (operation == "create")
        {
            var labels = Metadata(obj)["labels"] as JsonObject ?? new JsonObject();
            labels["events.argoproj.io/sensor"] = execution.Sensor;
            labels["events.argoproj.io/trigger"] = execution.Template.Name;
            labels["events.argoproj.io/action-timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            Metadata(obj)["labels"] = labels;
            return Created(resource, ns, await api.CreateAsync(resource, ns, obj, ct));
        }

        if (name is null)
        {
            return (null, TriggerOutcome.Fail($"{operation} {resource.Describe(ns, "")}: the object has no metadata.name"));
        }

        var live = await api.FindAsync(resource, ns, name, ct);
        switch (operation)
        {
            case "update":
                if (live is null)
                {
                    return Created(resource, ns, await api.CreateAsync(resource, ns, obj, ct));
                }

                var updated = await api.UpdateAsync(resource, ns, name, ObjectMerge.Override(live, obj), ct);
                return (updated, TriggerOutcome.Ok($"updated {resource.Describe(ns, name)} (resourceVersion {Metadata(updated)["resourceVersion"]})"));
            case "patch":
                if (live is null)
                {
                    return Created(resource, ns, await api.CreateAsync(resource, ns, obj, ct));
                }

                var strategy = string.IsNullOrEmpty(k8s.PatchStrategy) ? K8sTrigger.MergePatch : k8s.PatchStrategy;
                JsonNode body = strategy == K8sTrigger.JsonPatch
                    ? obj["patch"] as JsonArray ?? throw new ResourceSourceException("a JSON patch needs the operations in the object's \"patch\" list")
                    : obj;
                var patched = await api.PatchAsync(resource, ns, name, body.DeepClone(), strategy, ct);
                return (patched, TriggerOutcome.Ok($"patched {resource.Describe(ns, name)} ({strategy}, resourceVersion {Metadata(patched)["resourceVersion"]})"));
            default:
                if (live is null)
                {
                    return (null, TriggerOutcome.Ok($"{resource.Describe(ns, name)} not found; nothing to delete"));
                }

                await api.DeleteAsync(resource, ns, name, ct);
                return (null, TriggerOutcome.Ok($"deleted {resource.Describe(ns, name)}"));
        }
    }

    private static (JsonObject, TriggerOutcome) Created(ResourceRef resource, string? ns, JsonObject created) =>
        (created, TriggerOutcome.Ok($"created {resource.Describe(ns, Metadata(created)["name"]?.ToString())}"));

    internal static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }

        return metadata;
    }
}
