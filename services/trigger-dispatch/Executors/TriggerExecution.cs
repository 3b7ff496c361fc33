using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.TriggerDispatch.Executors;

/// <summary>One firing to execute: the trigger, its template and body with every parameter applied, and its events.</summary>
public sealed record TriggerExecution(
    Guid FiringId,
    string Sensor,
    Trigger Trigger,
    TriggerTemplate Template,
    ResolvedFiring Resolved,
    IReadOnlyDictionary<string, EventEnvelope> Events);

/// <summary>What an action did: success as its policy judges it, and a short detail (e.g. the HTTP status).</summary>
public sealed record TriggerOutcome(bool Success, string Detail)
{
    public static TriggerOutcome Ok(string detail) => new(true, detail);

    public static TriggerOutcome Fail(string detail) => new(false, detail);
}
