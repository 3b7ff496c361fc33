using System.Net;
using System.Text;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources;
using Microservices.Events.Ingress.Sources.Calendar;
using Microservices.Events.Ingress.Sources.Webhook;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.Ingress;

/// <summary>Event-source kinds as plugins: registered by name in one place, each validating its section and following spec changes.</summary>
public sealed class EventSourceKindTests
{
    private static string Hooks(params string[] endpoints) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: hooks}
        spec:
          webhook:
        {{string.Concat(endpoints.Select(e => $"    {e}: {{port: \"12030\", endpoint: /{e}, method: POST}}\n"))}}
        """;

    private const string Ticking = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: clock}
        spec:
          calendar:
            tick: {interval: 200ms}
        """;

    [Fact]
    public void The_event_source_kinds_ingress_runs_are_registered_in_order()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.AddIngress();
        builder.AddEventBus(IngressBus.Part);
        using var host = builder.Build();

        Assert.Equal(["webhook", "calendar", "github", "gitlab", "slack", "stripe", "sns", "bitbucket", "bitbucketserver", "gerrit", "storageGrid", "cloudevents", "kafka", "amqp", "mqtt", "sqs", "azureQueueStorage", "file", "minio", "resource", "generic", "nats", "redis", "redisStream"], host.Services.GetRequiredService<EventSourceKindRegistry>().All.Select(k => k.Kind));
    }

    [Fact]
    public void A_kind_name_registered_twice_is_refused()
    {
        var webhook = new WebhookSource(new WebhookRouteTable(new StaticSpecCatalog(SpecSnapshot.Empty)));

        var error = Assert.Throws<InvalidOperationException>(() => new EventSourceKindRegistry([webhook, webhook]));
        Assert.Contains("event-source kind \"webhook\" is registered twice", error.Message);
    }

    [Fact]
    public void Each_kind_reports_the_events_of_its_own_section_it_cannot_run()
    {
        var source = new EventSource
        {
            Metadata = new ObjectMeta { Name = "mixed" },
            Spec = new EventSourceSpec
            {
                Webhook = new Dictionary<string, WebhookEventSource> { ["ok"] = new() { Port = "12000", Endpoint = "/ok" }, ["bad"] = new() { Port = "http", Endpoint = "/bad" } },
                Calendar = new Dictionary<string, CalendarEventSource> { ["ok"] = new() { Interval = "1h" }, ["bad"] = new() { Interval = "soon" } },
            },
        };

        var webhook = new WebhookSource(new WebhookRouteTable(new StaticSpecCatalog(SpecSnapshot.Empty))).Validate(source);
        var calendar = new CalendarSource(null!, null!, null!, null!, null!, TimeProvider.System, null!, null!).Validate(source);

        Assert.Equal("spec.webhook.bad", Assert.Single(webhook).Path);
        Assert.Equal("spec.calendar.bad", Assert.Single(calendar).Path);
    }

    [Fact]
    public async Task A_webhook_route_added_or_removed_by_a_spec_change_is_served_without_a_restart()
    {
        var catalog = new StaticSpecCatalog(SpecSnapshot.FromYaml(Hooks("first")));
        await using var ingress = new KindFactory(catalog);
        var client = ingress.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:12030") });
        Assert.Equal(HttpStatusCode.NotFound, (await Post(client, "/second")).StatusCode);

        catalog.Replace(SpecSnapshot.FromYaml(Hooks("second")));

        Assert.True(await Eventually.HoldsAsync(async () => (await Post(client, "/second")).StatusCode == HttpStatusCode.OK), "the added route was not served");
        Assert.Equal(HttpStatusCode.NotFound, (await Post(client, "/first")).StatusCode);
        Assert.Contains(ingress.Ingestor.Events, e => e.Subject == "second" && e.Type == "webhook");
    }

    [Fact]
    public async Task A_calendar_ticks_while_its_spec_is_loaded_and_stops_once_a_spec_change_removes_it()
    {
        var catalog = new StaticSpecCatalog(SpecSnapshot.FromYaml(Ticking));
        await using var ingress = new KindFactory(catalog);
        ingress.CreateClient();
        int Ticks() => ingress.Ingestor.Events.Count(e => e.Type == "calendar" && e.Subject == "tick");

        Assert.True(await Eventually.HoldsAsync(() => Ticks() >= 2), "the calendar did not tick");

        catalog.Replace(SpecSnapshot.FromYaml(Hooks("first")));
        await Task.Delay(500);
        var afterRemoval = Ticks();
        await Task.Delay(700);
        Assert.Equal(afterRemoval, Ticks());
    }

    [Fact]
    public async Task A_calendar_send_the_bus_never_confirms_is_given_up_after_the_publish_timeout_and_the_schedule_goes_on()
    {
        var catalog = new StaticSpecCatalog(SpecSnapshot.FromYaml(Ticking));
        await using var ingress = new KindFactory(catalog, publishTimeoutSeconds: 1);
        ingress.Ingestor.Stall = TimeSpan.FromHours(1);
        ingress.CreateClient();

        // The first sends wait for a confirmation that never comes; once the bus answers again the ticks get through.
        await Task.Delay(1500);
        ingress.Ingestor.Stall = TimeSpan.Zero;

        Assert.True(await Eventually.HoldsAsync(() => ingress.Ingestor.Events.Count(e => e.Type == "calendar") >= 2, TimeSpan.FromSeconds(10)),
            "the calendar stayed stuck on a send the bus never confirmed");
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path) =>
        client.PostAsync(path, new StringContent("""{"n":1}""", Encoding.UTF8, "application/json"));

    /// <summary>The ingress service on a test server with specs the test replaces, recording what it hands to the bus.</summary>
    private sealed class KindFactory(StaticSpecCatalog catalog, int publishTimeoutSeconds = 10) : WebApplicationFactory<Microservices.Events.Ingress.Program>
    {
        public RecordingIngestor Ingestor { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Specs:Directory", "unused");
            builder.UseSetting("State:Provider", "InMemory");
            builder.UseSetting("Ingress:PublishTimeoutSeconds", publishTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<ISpecCatalog>(catalog);
                services.AddSingleton<IEventIngestor>(Ingestor);
            });
        }
    }
}
