using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// A watch as the API server streams it: one JSON line per event (<c>{"type": ..., "object": ...}</c>), starting
/// after <c>resourceVersion</c> (or with the current objects as ADDED), filtered by namespace, label selector and
/// field selector, BOOKMARK lines when asked for, one ERROR line (410 Gone) for a resourceVersion older than the
/// retained history, ending at <c>timeoutSeconds</c> or when the client goes away.
/// </summary>
internal static class KubeWatchStream
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static async Task StreamAsync(HttpContext context, KubeObjectStore store, KubeResourceType type, string? ns, LabelSelector selector, FieldSelector fields, TimeSpan bookmarkInterval, Action<JsonObject>? alter, Action<string, long>? bookmarked, CancellationToken stopping)
    {
        var query = context.Request.Query;
        long? from = long.TryParse(query["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : null;
        var bookmarks = query["allowWatchBookmarks"] == "true";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var events = store.WatchAsync(type, from, stop.Token).GetAsyncEnumerator(stop.Token);
        // The first MoveNext registers the watcher (or finds the resourceVersion too old) before the 200 goes out.
        var next = events.MoveNextAsync().AsTask();
        try
        {
            await Task.WhenAny(next, Task.Delay(50, CancellationToken.None));
            await StartStreamAsync(context);
            if (next.IsFaulted && next.Exception!.InnerException is KubeApiException gone)
            {
                // A watch too old for the history: the server answers 200 and sends one ERROR event with the Status.
                await WriteLineAsync(context, KubeWatchEvent.Line("ERROR", gone.ToStatus()));
                return;
            }

            var lastSeen = from ?? store.ResourceVersion;
            while (!stop.IsCancellationRequested)
            {
                var delay = Task.Delay(bookmarks ? bookmarkInterval : Timeout.InfiniteTimeSpan, stop.Token);
                if (await Task.WhenAny(next, delay) == delay)
                {
                    if (delay.IsCanceled)
                    {
                        break;
                    }

                    lastSeen = Math.Max(lastSeen, store.ResourceVersion);
                    await WriteLineAsync(context, KubeWatchEvent.Line("BOOKMARK", new JsonObject
                    {
                        ["kind"] = type.Kind,
                        ["apiVersion"] = type.ApiVersion,
                        ["metadata"] = new JsonObject { ["resourceVersion"] = lastSeen.ToString(CultureInfo.InvariantCulture) },
                    }));
                    bookmarked?.Invoke(type.Kind, lastSeen);
                    continue;
                }

                if (!await next)
                {
                    break;
                }

                var e = events.Current;
                lastSeen = e.ResourceVersion;
                if (Line(e, ns, selector, fields) is { } line)
                {
                    if (alter is not null && line["object"] is JsonObject served)
                    {
                        alter(served);
                    }

                    await WriteLineAsync(context, line);
                }

                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the timeout ran out, or the double stops: the stream simply ends.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (Exception)
            {
                // Cancelled or too old: either way the watch is over.
            }

            await events.DisposeAsync();
        }
    }

    /// <summary>
    /// The line a watcher with this namespace and selector sees for a change, or none: an object that stops matching
    /// the selector is reported DELETED, one that starts matching ADDED, as the API server's watch cache does.
    /// </summary>
    private static JsonObject? Line(KubeWatchEvent e, string? ns, LabelSelector selector, FieldSelector fields)
    {
        if (ns is not null && e.Namespace != ns)
        {
            return null;
        }

        if (!fields.Matches(e.Object))
        {
            return null;
        }

        var now = e.Type != "DELETED" && selector.Matches(e.Object);
        var before = e.Previous is not null && selector.Matches(e.Previous);
        return (e.Type, before, now) switch
        {
            ("ADDED", _, true) => KubeWatchEvent.Line("ADDED", e.Object),
            ("MODIFIED", true, true) => KubeWatchEvent.Line("MODIFIED", e.Object),
            ("MODIFIED", false, true) => KubeWatchEvent.Line("ADDED", e.Object),
            ("MODIFIED", true, false) => KubeWatchEvent.Line("DELETED", e.Object),
            ("DELETED", true, _) => KubeWatchEvent.Line("DELETED", e.Object),
            _ => null,
        };
    }

    private static async Task StartStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString(Compact) + "\n");
        await context.Response.Body.FlushAsync();
    }
}
