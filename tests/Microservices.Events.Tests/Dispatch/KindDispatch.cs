using System.Text.Json;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Tests.Harness;
using Microservices.Events.TriggerDispatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>trigger-dispatch alone on the test harness with one sensor <c>s</c> (dependency <c>dep</c>) and extra settings, for the tests of one trigger kind.</summary>
public static class KindDispatch
{
    public static string Sensor(string triggers) => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {name: s}
        spec:
          dependencies:
            - {name: dep, eventSourceName: webhook, eventName: example}
          triggers:
        {{triggers}}
        """;

    public static Task<ServiceHarness> StartAsync(string sensorYaml, IReadOnlyDictionary<string, string?> settings) => ServiceHarness.StartAsync(builder =>
    {
        builder.Services.AddSingleton<ISpecCatalog>(new StaticSpecCatalog(SpecSnapshot.FromYaml(sensorYaml)));
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTriggerDispatch();
        builder.AddEventBusTestHarness(TriggerDispatchBus.Part);
    });

    /// <summary>A firing of <paramref name="trigger"/> with one webhook event whose data is <paramref name="data"/>.</summary>
    public static TriggerRequested Request(string trigger, string data, int firing = 1) => new()
    {
        FiringId = Guid.Parse($"6f1c2a4e-0000-5000-8000-{firing:D12}"),
        Sensor = "s",
        Trigger = trigger,
        Events = new Dictionary<string, EventEnvelope>
        {
            ["dep"] = new()
            {
                Id = $"e{firing}",
                Source = "webhook",
                Subject = "example",
                Type = "webhook",
                Time = DateTimeOffset.UtcNow,
                Data = JsonDocument.Parse(data).RootElement,
            },
        },
    };

    /// <summary>The outcomes of type <typeparamref name="T"/> once <paramref name="count"/> were published.</summary>
    public static async Task<IReadOnlyList<T>> Outcomes<T>(ServiceHarness h, int count = 1) where T : class
    {
        Assert.True(await Eventually.HoldsAsync(() => h.Published.Select<T>().Count() >= count), $"fewer than {count} {typeof(T).Name} published");
        return h.Published.Select<T>().Select(m => m.Context.Message).ToList();
    }
}
