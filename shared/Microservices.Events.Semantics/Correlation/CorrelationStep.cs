namespace Microservices.Events.Semantics.Correlation;

/// <summary>What one step did: fired, handed the event over, or why nothing fires.</summary>
public enum CorrelationStepKind
{
    /// <summary>The conditions hold: a new firing.</summary>
    Fired,

    /// <summary>The event was kept (or dropped by a filter upstream); nothing fires.</summary>
    Stored,

    /// <summary>The event was handled within the duplicate window and caused nothing then; ignored.</summary>
    Duplicate,

    /// <summary>
    /// The event is part of one of the latest firings: a redelivery, e.g. after a crash between saving the state and
    /// publishing. The same firing (same id) is returned so it can be published again.
    /// </summary>
    Repeated,

    /// <summary>The trigger's conditions have an AND and the caller holds no state: the event goes to the trigger's saga.</summary>
    HandedOver,
}

/// <summary>The result of one step: what happened, the firing when one is to be requested, and what was discarded.</summary>
public sealed record CorrelationStep(
    CorrelationStepKind Kind,
    TriggerFiring? Firing,
    int DiscardedBySpecChange,
    int DiscardedByReset);
