using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Specs.Validation;

/// <summary>The <c>k8s</c> and <c>argoWorkflow</c> triggers: operation, source, patch strategy, parameters, <c>policy.k8s</c>.</summary>
public static partial class SensorValidator
{
    private static void ValidateResourceTriggers(string tp, TriggerTemplate template, Trigger trigger, HashSet<string> dependencies, List<SpecDiagnostic> d)
    {
        if (template.K8s is { } k8s)
        {
            var kp = $"{tp}.k8s";
            var operation = string.IsNullOrEmpty(k8s.Operation) ? "create" : k8s.Operation;
            if (!K8sTrigger.Operations.Contains(operation))
            {
                d.Add(Error($"{kp}.operation", $"must be one of {string.Join(", ", K8sTrigger.Operations)}"));
            }

            if (!string.IsNullOrEmpty(k8s.PatchStrategy) && !K8sTrigger.PatchStrategies.Contains(k8s.PatchStrategy))
            {
                d.Add(Error($"{kp}.patchStrategy", $"must be one of {string.Join(", ", K8sTrigger.PatchStrategies)}"));
            }

            if (k8s.LiveObject == true && operation != "update")
            {
                d.Add(Warning($"{kp}.liveObject", "only applies to operation update; ignored"));
            }

            var needsName = operation != "create" || k8s.LiveObject == true;
            var jsonPatch = operation == "patch" && k8s.PatchStrategy == K8sTrigger.JsonPatch;
            ValidateSource($"{kp}.source", k8s.Source, k8s.Parameters, needsName, kinds: null, jsonPatch, d);
            ValidateParameters($"{kp}.parameters", k8s.Parameters, dependencies, d, destRequired: true);
        }

        if (template.ArgoWorkflow is { } argo)
        {
            var ap = $"{tp}.argoWorkflow";
            var operation = string.IsNullOrEmpty(argo.Operation) ? "submit" : argo.Operation;
            if (!ArgoWorkflowTrigger.Operations.Contains(operation))
            {
                d.Add(Error($"{ap}.operation", $"must be one of {string.Join(", ", ArgoWorkflowTrigger.Operations)}"));
            }

            if (argo.Args is { Count: > 0 })
            {
                d.Add(Warning($"{ap}.args", "ignored: operations go through the Kubernetes API, not the argo command line, so extra argo arguments have no effect"));
            }

            IReadOnlyList<string> kinds = operation == "submit-from" ? ArgoWorkflowTrigger.SubmitFromKinds : ["Workflow"];
            ValidateSource($"{ap}.source", argo.Source, argo.Parameters, needsName: operation != "submit", kinds, jsonPatch: false, d);
            ValidateParameters($"{ap}.parameters", argo.Parameters, dependencies, d, destRequired: true);
        }

        if (trigger.Policy?.K8s is { } policy && (template.K8s is not null || template.ArgoWorkflow is not null))
        {
            var pp = $"{tp[..^".template".Length]}.policy.k8s";
            if (policy.Labels is not { Count: > 0 })
            {
                d.Add(Warning($"{pp}.labels", "no labels: the policy accepts the object as soon as it is written"));
            }

            if (policy.Backoff is { } backoff)
            {
                ValidateBackoff($"{pp}.backoff", backoff, d);
            }
        }
    }

    private static void ValidateSource(string sp, ArtifactLocation? source, IReadOnlyList<TriggerParameter>? parameters, bool needsName, IReadOnlyList<string>? kinds, bool jsonPatch, List<SpecDiagnostic> d)
    {
        if (source is null)
        {
            d.Add(Error(sp, "required"));
            return;
        }

        var set = new List<string>();
        if (source.Resource is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined }) set.Add("resource");
        if (source.Inline is not null) set.Add("inline");
        if (source.Configmap is not null) set.Add("configmap");
        if (source.File is not null) set.Add("file");
        if (source.Url is not null) set.Add("url");
        if (source.Git is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined }) set.Add("git");
        if (source.S3 is not null) set.Add("s3");
        if (set.Count != 1)
        {
            d.Add(Error(sp, set.Count == 0
                ? "one of resource, inline, configmap, file, url or s3 is required"
                : $"exactly one of resource, inline, configmap, file, url or s3 is allowed, found {string.Join(", ", set)}"));
            return;
        }

        switch (set[0])
        {
            case "resource":
                ValidateResource($"{sp}.resource", JsonNode.Parse(source.Resource!.Value.GetRawText()), parameters, needsName, kinds, jsonPatch, d);
                break;
            case "inline":
                JsonNode? parsed = null;
                try
                {
                    var documents = YamlJson.ParseDocuments(source.Inline!);
                    parsed = documents.Count == 1 ? documents[0] : null;
                }
                catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException)
                {
                    d.Add(Error($"{sp}.inline", $"is not YAML or JSON: {ex.Message}"));
                    break;
                }

                ValidateResource($"{sp}.inline", parsed, parameters, needsName, kinds, jsonPatch, d);
                break;
            case "configmap":
                if (string.IsNullOrWhiteSpace(source.Configmap!.Name))
                {
                    d.Add(Error($"{sp}.configmap.name", "required"));
                }

                if (string.IsNullOrWhiteSpace(source.Configmap.Key))
                {
                    d.Add(Error($"{sp}.configmap.key", "required"));
                }

                break;
            case "file":
                if (string.IsNullOrWhiteSpace(source.File!.Path))
                {
                    d.Add(Error($"{sp}.file.path", "required"));
                }

                break;
            case "url":
                if (string.IsNullOrWhiteSpace(source.Url!.Path))
                {
                    d.Add(Error($"{sp}.url.path", "required"));
                }
                else if (!Uri.TryCreate(source.Url.Path, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    d.Add(Error($"{sp}.url.path", $"\"{source.Url.Path}\" is not an absolute http(s) URL"));
                }

                break;
            case "git":
                d.Add(Unsupported($"{sp}.git", "git sources are not supported: nothing clones repositories here; serve the file over http(s) (source.url, e.g. the repository host's raw file URL), or use source.configmap or source.file"));
                break;
            case "s3":
                ValidateS3Source($"{sp}.s3", source.S3!, d);
                break;
        }
    }

    private static void ValidateResource(string rp, JsonNode? resource, IReadOnlyList<TriggerParameter>? parameters, bool needsName, IReadOnlyList<string>? kinds, bool jsonPatch, List<SpecDiagnostic> d)
    {
        if (resource is not JsonObject obj)
        {
            d.Add(Error(rp, "must be a Kubernetes object (a map with apiVersion, kind and metadata)"));
            return;
        }

        bool SetByParameter(string field) => parameters?.Any(p => p.Dest is { } dest && (dest == field || dest.StartsWith(field + ".", StringComparison.Ordinal))) == true;

        foreach (var field in new[] { "apiVersion", "kind" })
        {
            if (obj[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
            {
                if (!SetByParameter(field))
                {
                    d.Add(Error($"{rp}.{field}", "required"));
                }
            }
        }

        if (kinds is not null && obj["kind"] is JsonValue kind && kind.GetValueKind() == JsonValueKind.String && !kinds.Contains(kind.GetValue<string>()))
        {
            d.Add(Error($"{rp}.kind", $"must be {string.Join(" or ", kinds)} for this operation, not \"{kind.GetValue<string>()}\""));
        }

        var metadata = obj["metadata"] as JsonObject;
        if (obj["metadata"] is not (null or JsonObject))
        {
            d.Add(Error($"{rp}.metadata", "must be a map"));
            return;
        }

        var name = metadata?["name"] as JsonValue;
        var generateName = metadata?["generateName"] as JsonValue;
        if (needsName && name is null && !SetByParameter("metadata.name") && !SetByParameter("metadata"))
        {
            d.Add(Error($"{rp}.metadata.name", "required: the operation acts on an existing object"));
        }
        else if (!needsName && name is null && generateName is null && !SetByParameter("metadata"))
        {
            d.Add(Error($"{rp}.metadata", "name or generateName is required"));
        }

        if (jsonPatch && obj["patch"] is not JsonArray && !SetByParameter("patch"))
        {
            d.Add(Error($"{rp}.patch", "required with patchStrategy application/json-patch+json: the list of JSON patch operations, beside the target's apiVersion, kind and metadata"));
        }
    }

    private static void ValidateBackoff(string path, Backoff backoff, List<SpecDiagnostic> d)
    {
        if (backoff.Steps is < 0)
        {
            d.Add(Error($"{path}.steps", "must not be negative"));
        }

        if (backoff.Duration is { } duration && !long.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !GoDuration.TryParse(duration, out _))
        {
            d.Add(Error($"{path}.duration", $"\"{duration}\" is neither nanoseconds nor a duration such as 2s"));
        }

        foreach (var (field, value) in new[] { ("factor", backoff.Factor), ("jitter", backoff.Jitter) })
        {
            if (value is not null && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                d.Add(Error($"{path}.{field}", $"\"{value}\" is not a number"));
            }
        }
    }
}
