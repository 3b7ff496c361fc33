namespace Microservices.Events.Specs.Model;

/// <summary>Argo's EventPersistence of a calendar event: catch-up of missed ticks, and the ConfigMap Argo keeps the last tick in.</summary>
public sealed record CalendarPersistence
{
    public CalendarCatchup? Catchup { get; init; }

    /// <summary>Argo's store of the last tick; here the state database holds it, so the ConfigMap is accepted and not used.</summary>
    public CalendarPersistenceConfigMap? ConfigMap { get; init; }
}

/// <summary>Whether ticks missed while no ingress ran fire after a restart, and how far back (a Go duration; empty: no limit).</summary>
public sealed record CalendarCatchup
{
    public bool? Enabled { get; init; }
    public string? MaxDuration { get; init; }
}

/// <summary>Argo's ConfigMap reference for the last tick.</summary>
public sealed record CalendarPersistenceConfigMap
{
    public string? Name { get; init; }
    public bool? CreateIfNotExist { get; init; }
}
