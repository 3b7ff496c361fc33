using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Parameters;

/// <summary>Applies parameters to a spec object (a trigger template, or a kind's own spec) through its JSON form.</summary>
public static class SpecPatch
{
    public static T Apply<T>(T spec, IReadOnlyList<TriggerParameter>? parameters, IReadOnlyDictionary<string, EventEnvelope> events)
        where T : class
    {
        if (parameters is not { Count: > 0 })
        {
            return spec;
        }

        var node = JsonSerializer.SerializeToNode(spec, SpecJson.Options);
        node = ParameterResolver.Apply(node, parameters, events);
        return node.Deserialize<T>(SpecJson.Options) ?? throw new ParameterException($"parameters left the {typeof(T).Name} empty");
    }
}
