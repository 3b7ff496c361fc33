using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Kubernetes;
using Microservices.Events.Persistence.Resources;
using Microservices.Events.Specs.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.Ingress.Sources.Resource;

/// <summary>
/// The <c>resource</c> kind: per event, a list + watch of one Kubernetes resource (the label selector of
/// <c>filter.labels</c> applied by the API server), as an informer does. The first start lists the objects (each one an
/// ADD) and watches from the list's resourceVersion; every change of the <c>eventTypes</c> listed that passes the
/// filter is handed to the bus before the watch moves on (an event the bus refuses is sent again until it is accepted),
/// and the resourceVersion reached is recorded in the state store, so a restarted ingress resumes the watch from there
/// and sees the changes made while it was down. A watch the server ends is opened again from the last resourceVersion
/// (bookmarks keep it current); one too old for the server (410 Gone) lists again and reports what the list shows
/// against the objects known (ADD, UPDATE, DELETE). An event's id is made from the object's uid, its resourceVersion
/// and the event type, so a change reported twice is published once.
/// </summary>
public sealed class ResourceSource(
    EdgeServices services,
    ResourceWatchClient client,
    IResourceVersionStore versions,
    TimeProvider time,
    ILogger<ResourceSource> logger) : ConsumerSourceKind<ResourceEventSource>(services, logger)
{
    public const string Name = "resource";

    private readonly ConditionalWeakTable<EdgeListener, WatchState> _states = new();

    public override string Kind => Name;

    public static void AddServices(IServiceCollection services)
    {
        services.AddKubernetesOptions();
        services.TryAddSingleton<KubernetesConnection>();
        services.TryAddSingleton<ResourceWatchClient>();
    }

    protected override IReadOnlyDictionary<string, ResourceEventSource>? EventsOf(EventSourceSpec spec) => spec.Resource;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, ResourceEventSource spec, CancellationToken cancellationToken)
    {
        var state = _states.GetValue(listener, _ => new WatchState(time.GetUtcNow()));
        var selector = ResourceSelectors.LabelSelector(spec.Filter?.Labels);
        var collection = await client.CollectionAsync(spec.Group, spec.Version!, spec.Resource!, spec.Namespace, cancellationToken);
        var watch = selector is null ? collection : $"{collection}?labelSelector={selector}";
        var version = await versions.LastAsync(source.Name, listener.EventName, watch, cancellationToken);
        if (version is not null && state.Known.Count == 0)
        {
            logger.LogInformation("resource {EventSource}/{EventName}: resuming the watch of {Watch} from resourceVersion {ResourceVersion}", source.Name, listener.EventName, watch, version);
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                var (items, listed) = await client.ListAsync(collection, selector, cancellationToken);
                listener.MarkConnected();
                foreach (var change in ResourceEvents.Diff(state.Known, items))
                {
                    await HandleAsync(listener, spec, state, change, cancellationToken);
                }

                state.Known.Clear();
                foreach (var item in items)
                {
                    state.Known[new ResourceChange(ResourceEvents.Add, item, null).Uid] = item;
                }

                version = listed;
                await versions.RecordAsync(source.Name, listener.EventName, watch, version, cancellationToken);
            }

            try
            {
                await foreach (var line in client.WatchAsync(collection, selector, version, listener.MarkConnected, cancellationToken))
                {
                    var reached = line.Object["metadata"]?["resourceVersion"]?.GetValue<string>();
                    if (ResourceEvents.FromWatch(line.Type) is { } type)
                    {
                        var uid = line.Object["metadata"]?["uid"]?.GetValue<string>() ?? "";
                        state.Known.TryGetValue(uid, out var previous);
                        if (type == ResourceEvents.Delete)
                        {
                            state.Known.Remove(uid);
                        }
                        else
                        {
                            state.Known[uid] = line.Object;
                        }

                        await HandleAsync(listener, spec, state, new ResourceChange(type, line.Object, type == ResourceEvents.Update ? previous : null), cancellationToken);
                    }
                    else if (line.Type != "BOOKMARK")
                    {
                        continue;
                    }

                    if (reached is { Length: > 0 } && reached != version)
                    {
                        version = reached;
                        await versions.RecordAsync(source.Name, listener.EventName, watch, version, cancellationToken);
                    }
                }
            }
            catch (WatchExpiredException ex)
            {
                logger.LogInformation("resource {EventSource}/{EventName}: the watch of {Watch} expired ({Reason}); listing again", source.Name, listener.EventName, watch, ex.Message);
                version = null;
                await versions.RecordAsync(source.Name, listener.EventName, watch, null, cancellationToken);
            }
        }
    }

    private async Task HandleAsync(EdgeListener listener, ResourceEventSource spec, WatchState state, ResourceChange change, CancellationToken cancellationToken)
    {
        if (spec.EventTypes?.Contains(change.Type) != true
            || !ResourceSelectors.Passes(change.Type, change.Object, spec.Filter, state.StartedAt, time.GetUtcNow()))
        {
            return;
        }

        await listener.DeliverUntilAcceptedAsync(ResourceEvents.Data(change, spec), listener.IdFor(ResourceEvents.Coordinates(change)), null, cancellationToken);
    }

    /// <summary>What one listener knows across reconnects: when it started (for <c>afterStart</c>) and the objects seen, by uid.</summary>
    private sealed class WatchState(DateTimeOffset startedAt)
    {
        public DateTimeOffset StartedAt { get; } = startedAt;

        public Dictionary<string, JsonObject> Known { get; } = new(StringComparer.Ordinal);
    }
}
