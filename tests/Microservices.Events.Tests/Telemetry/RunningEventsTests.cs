using Microservices.Events.Ingress.Sources;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Tests.Telemetry;

/// <summary>Argo's <c>argo_events_event_service_running_total</c>: which configured events count as running.</summary>
public sealed class RunningEventsTests
{
    private static EventSource Source(string name, string[] webhooks, string[]? calendars = null) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new EventSourceSpec
        {
            Webhook = webhooks.ToDictionary(w => w, _ => new WebhookEventSource()),
            Calendar = calendars?.ToDictionary(c => c, _ => new CalendarEventSource()),
        },
    };

    private static SpecDiagnostic Error(string path) => new(DiagnosticSeverity.Error, path, "bad");

    public static TheoryData<string, EventSource[], string[], (string Source, string Path)[], string> Cases => new()
    {
        { "every event of an applied kind runs", [Source("shop", ["orders", "refunds"])], ["webhook"], [], "shop=2" },
        { "events of kinds that did not apply are not running", [Source("shop", ["orders"], ["nightly"])], ["webhook"], [], "shop=1" },
        { "an event with an error is left out", [Source("shop", ["orders", "refunds"])], ["webhook"], [("shop", "spec.webhook.refunds.port")], "shop=1" },
        { "an error on the event itself is left out too", [Source("shop", ["orders", "refunds"])], ["webhook"], [("shop", "spec.webhook.refunds")], "shop=1" },
        { "an error naming another event with the same prefix leaves this one running", [Source("shop", ["orders", "orders2"])], ["webhook"], [("shop", "spec.webhook.orders2.port")], "shop=1" },
        { "an error of another EventSource does not count", [Source("shop", ["orders"]), Source("crm", ["leads"])], ["webhook"], [("crm", "spec.webhook.leads.port")], "crm=0,shop=1" },
        { "a source with nothing running is reported with 0", [Source("shop", ["orders"])], [], [], "shop=0" },
        { "kinds add up per EventSource", [Source("shop", ["orders"], ["nightly", "hourly"])], ["webhook", "calendar"], [], "shop=3" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counts_the_events_that_run_per_EventSource(string because, EventSource[] sources, string[] applied, (string Source, string Path)[] errors, string expected)
    {
        var problems = errors.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => (IReadOnlyList<SpecDiagnostic>)g.Select(e => Error(e.Path)).ToList());

        var running = RunningEvents.Count(sources, applied.ToHashSet(), problems);

        Assert.Equal(expected, string.Join(",", running.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}={r.Value}")));
        Assert.NotEmpty(because);
    }
}
