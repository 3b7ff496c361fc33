using Microservices.Events.Bench;

namespace Microservices.Events.Tests.Bench;

public sealed class TimingProfileTests
{
    private const string Metrics = """
        # TYPE dotnet_gc_heap_total_allocated_bytes counter
        # UNIT dotnet_gc_heap_total_allocated_bytes bytes
        dotnet_gc_heap_total_allocated_bytes_total{otel_scope_name="System.Runtime"} 1.5728640E+09 1732870000000
        dotnet_gc_collections_total{gc_heap_generation="gen0",otel_scope_name="System.Runtime"} 46
        # TYPE state_operation_duration_milliseconds histogram
        state_operation_duration_milliseconds_sum{table="saga_trigger_correlation_state",operation="update"} 130
        state_operation_duration_milliseconds_count{table="saga_trigger_correlation_state",operation="update"} 20
        """;

    [Fact]
    public void The_bytes_a_process_allocated_are_read_from_its_runtime_counter()
    {
        Assert.Equal(1_572_864_000, TimingProfile.AllocatedBytes(Metrics));
    }

    [Fact]
    public void The_events_sagas_applied_are_summed_over_triggers_and_not_counted_from_their_messages()
    {
        const string Correlation = """
            # TYPE dependencies_correlated_total counter
            dependencies_correlated_total{sensor="hot",trigger="pair",otel_scope_name="Microservices.Events.SensorState"} 1200
            dependencies_correlated_total{sensor="other",trigger="both",otel_scope_name="Microservices.Events.SensorState"} 34
            dependencies_matched_total{sensor="hot",dependency="A",otel_scope_name="Microservices.Events.SensorState"} 600
            # TYPE messaging_masstransit_saga_duration_milliseconds histogram
            messaging_masstransit_saga_duration_milliseconds_sum{messaging_masstransit_destination="sensor-state-correlation"} 90
            messaging_masstransit_saga_duration_milliseconds_count{messaging_masstransit_destination="sensor-state-correlation"} 90
            """;

        Assert.Equal(1234, TimingProfile.CorrelatedEvents(Correlation));
        Assert.Equal(90, TimingProfile.SagaMessages(Correlation));
        Assert.Equal(0, TimingProfile.CorrelatedEvents(Metrics));
    }

    [Fact]
    public void Text_without_the_runtime_counter_has_no_allocated_bytes()
    {
        Assert.Null(TimingProfile.AllocatedBytes("dotnet_gc_collections_total 46\n"));
    }

    [Fact]
    public void A_histogram_becomes_its_count_and_mean_per_label_set()
    {
        var row = Assert.Single(TimingProfile.Parse("sensor-state", Metrics));

        Assert.Equal(new TimingRow("sensor-state", "state ms saga_trigger_correlation_state/update", 20, 6.5), row);
    }

    [Fact]
    public void Ingress_time_to_the_bus_is_one_row_per_event_source_and_argos_copy_of_it_is_not_counted_again()
    {
        const string ingress = """
            event_processing_duration_milliseconds_bucket{event_name="a",event_source="bench",le="5"} 10
            event_processing_duration_milliseconds_sum{event_name="a",event_source="bench"} 30
            event_processing_duration_milliseconds_count{event_name="a",event_source="bench"} 10
            event_processing_duration_milliseconds_sum{event_name="b",event_source="bench"} 90
            event_processing_duration_milliseconds_count{event_name="b",event_source="bench"} 10
            argo_events_event_processing_duration_milliseconds_sum{event_name="a",eventsource_name="bench"} 30
            argo_events_event_processing_duration_milliseconds_count{event_name="a",eventsource_name="bench"} 10
            """;

        Assert.Equal(new TimingRow("ingress", "receipt to bus ms bench", 20, 6), Assert.Single(TimingProfile.Parse("ingress", ingress)));
    }

    [Fact]
    public void Between_two_readings_each_step_counts_only_its_new_operations_and_their_mean()
    {
        IReadOnlyList<TimingRow> before = [new("bus-gateway", "consume ms bus-gateway", 100, 20), new("bus-gateway", "state ms dedup_keys/claim", 10, 5)];
        IReadOnlyList<TimingRow> after =
        [
            new("bus-gateway", "consume ms bus-gateway", 300, 10),
            new("bus-gateway", "state ms dedup_keys/claim", 10, 5),
            new("sensor-state", "consume ms sensor-state-matcher", 4, 0.5),
        ];

        var rows = TimingProfile.Between(before, after, ", open loop");

        Assert.Equal(
            [new TimingRow("bus-gateway", "consume ms bus-gateway, open loop", 200, 5), new TimingRow("sensor-state", "consume ms sensor-state-matcher, open loop", 4, 0.5)],
            rows);
    }
}
