using System.Text.Json.Nodes;
using Microservices.Events.Specs.Model;
using Microservices.Events.Semantics.Retries;
using Microservices.Events.TriggerDispatch.Execution;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>
/// <c>policy.k8s</c>: after the object is written, read it again with <c>backoff</c> until it carries every label of
/// <c>labels</c> (e.g. a controller marking a Job done). When the backoff runs out the firing fails only with
/// <c>errorOnBackoffTimeout</c>, as in Argo.
/// </summary>
public sealed class ResourceLabelsPolicy(KubernetesApi api, TimeProvider time)
{
    public async Task<TriggerOutcome> ApplyAsync(K8sResourcePolicy? policy, ResourceRef resource, string? ns, string name, TriggerOutcome written, CancellationToken ct)
    {
        if (policy?.Labels is not { Count: > 0 } labels)
        {
            return written;
        }

        var plan = BackoffSchedule.From(policy.Backoff ?? new Backoff());
        for (var attempt = 1; attempt <= plan.Attempts; attempt++)
        {
            var obj = await api.GetAsync(resource, ns, name, ct);
            var current = obj["metadata"]?["labels"] as JsonObject;
            if (labels.All(l => current?[l.Key] is JsonValue v && v.ToString() == l.Value))
            {
                return TriggerOutcome.Ok($"{written.Detail}; carries the policy's labels");
            }

            if (attempt <= plan.Waits.Count)
            {
                await Task.Delay(plan.Delay(attempt, Random.Shared.NextDouble()), time, ct);
            }
        }

        var message = $"{written.Detail}; did not carry the policy's labels after {plan.Attempts} checks";
        return policy.ErrorOnBackoffTimeout == true ? TriggerOutcome.Fail(message) : TriggerOutcome.Ok(message);
    }
}
