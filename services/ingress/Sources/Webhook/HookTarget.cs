namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>Where a hook is registered: a scope of the service (repository, organization, project, group) and its name or id.</summary>
public sealed record HookTarget(string Scope, string Name)
{
    public override string ToString() => $"{Scope} {Name}";
}

/// <summary>The hooks API of one service for one event, authenticated: finds or creates the event's hook on a target, deletes it.</summary>
public interface IHookSession
{
    /// <summary>The id of the target's hook for the event, created when there is none.</summary>
    Task<(long Id, bool Created)> EnsureAsync(HookTarget target);

    Task DeleteAsync(HookTarget target, long id);
}
