namespace Microservices.Events.Persistence.Resources;

/// <summary>
/// Where each <c>resource</c> event's Kubernetes watch got to: the resourceVersion of the last change handed to the
/// bus, keyed by (event source, event name) and kept only for the same <c>watch</c> (resource, namespace and label
/// selector), so a restarted ingress resumes the watch there instead of listing every object again.
/// </summary>
public interface IResourceVersionStore
{
    /// <summary>The recorded resourceVersion of this watch, or null when none is recorded (or it was for another watch).</summary>
    Task<string?> LastAsync(string eventSource, string eventName, string watch, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="resourceVersion"/> for the watch; null forgets it (the next start lists again).</summary>
    Task RecordAsync(string eventSource, string eventName, string watch, string? resourceVersion, CancellationToken cancellationToken);
}
