using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Parameters;

/// <summary>A firing with its parameters applied: the template, the body built from <c>payload</c>, and the resource of k8s-style kinds.</summary>
public sealed record ResolvedFiring(string Kind, JsonObject Template, PayloadBody? Payload, JsonNode? Resource)
{
    /// <summary>The patched template as the spec model.</summary>
    public TriggerTemplate ToTemplate() => Template.Deserialize<TriggerTemplate>(SpecJson.Options) ?? new TriggerTemplate();
}

/// <summary>
/// Argo's parameter pipeline for one firing: trigger-level <c>parameters</c> patch the template; the kind's own
/// <c>parameters</c> patch its resource (k8s, argoWorkflow) or else the kind's spec; <c>payload</c> builds the body.
/// Shared by trigger-dispatch and <c>events simulate</c>.
/// </summary>
public static class FiringResolver
{
    private static readonly string[] ResourceKinds = ["k8s", "argoWorkflow"];

    /// <exception cref="ParameterException">A parameter cannot be resolved or applied.</exception>
    public static ResolvedFiring Resolve(Trigger trigger, IReadOnlyDictionary<string, EventEnvelope> events)
    {
        var template = JsonSerializer.SerializeToNode(trigger.Template ?? new TriggerTemplate(), SpecJson.Options) as JsonObject ?? new JsonObject();
        template = ParameterResolver.Apply(template, trigger.Parameters ?? [], events) as JsonObject
                   ?? throw new ParameterException("trigger parameters replaced the template with something that is not an object");

        var kind = (template.Deserialize<TriggerTemplate>(SpecJson.Options) ?? new TriggerTemplate()).Kinds().FirstOrDefault() ?? "";
        if (kind.Length == 0 || template[kind] is not JsonObject kindSpec)
        {
            return new ResolvedFiring(kind, template, null, null);
        }

        var kindParameters = Parameters(kindSpec["parameters"]);
        JsonNode? resource = null;
        if (ResourceKinds.Contains(kind))
        {
            if (kindSpec["source"]?["resource"] is { } inline)
            {
                resource = ParameterResolver.Apply(inline.DeepClone(), kindParameters, events);
            }
        }
        else if (kindParameters.Count > 0)
        {
            kindSpec = ParameterResolver.Apply(kindSpec.DeepClone(), kindParameters, events) as JsonObject
                       ?? throw new ParameterException($"{kind} parameters replaced the {kind} spec with something that is not an object");
            template[kind] = kindSpec;
        }

        var payloadParameters = Parameters(kindSpec["payload"]);
        var payload = payloadParameters.Count > 0 ? ParameterResolver.BuildBody(payloadParameters, events) : null;
        return new ResolvedFiring(kind, template, payload, resource);
    }

    private static IReadOnlyList<TriggerParameter> Parameters(JsonNode? node) =>
        node is JsonArray ? node.Deserialize<List<TriggerParameter>>(SpecJson.Options) ?? [] : [];
}
