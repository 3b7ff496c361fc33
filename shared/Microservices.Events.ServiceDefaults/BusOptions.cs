using System.ComponentModel.DataAnnotations;

namespace Microservices.Events.ServiceDefaults;

/// <summary>Which message transport the services use.</summary>
public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport: all services in one process.</summary>
    InMemory,

    /// <summary>RabbitMQ: durable queues, persistent messages, publisher confirms.</summary>
    RabbitMq,
}

/// <summary>Configuration section <c>Bus</c>.</summary>
public sealed class BusOptions
{
    public const string Section = "Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>Messages processed at once per receive endpoint.</summary>
    [Range(1, 10_000)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    /// <summary>
    /// Redelivery intervals (ms) before a message goes to its <c>_error</c> queue; unset: <see cref="DefaultRetryIntervals"/>.
    /// No default in the property: the configuration binder adds configured array items after those already there.
    /// </summary>
    public int[]? RetryIntervalsMilliseconds { get; set; }

    /// <summary>
    /// Redelivery intervals (ms) for a message that failed because the state database is away (restarting, refusing
    /// connections: <see cref="TransientFailures"/>), before those of <see cref="RetryIntervalsMilliseconds"/>: 63 s in
    /// all by default (<see cref="DefaultTransientRetryIntervals"/>), so a database restart sends nothing to an
    /// <c>_error</c> queue. Empty: no such retries. How the two combine: <see cref="RedeliverySchedule"/>.
    /// </summary>
    public int[]? TransientRetryIntervalsMilliseconds { get; set; }

    /// <summary>The redeliveries when <see cref="RetryIntervalsMilliseconds"/> is not configured.</summary>
    public static IReadOnlyList<int> DefaultRetryIntervals { get; } = [100, 500, 2000];

    /// <summary>The transient redeliveries when <see cref="TransientRetryIntervalsMilliseconds"/> is not configured.</summary>
    public static IReadOnlyList<int> DefaultTransientRetryIntervals { get; } = [1000, 2000, 5000, 10000, 15000, 30000];

    /// <summary>The redelivery intervals in force: the configured ones (an empty value: none), else the defaults.</summary>
    public IReadOnlyList<int> RetryIntervals() => RetryIntervalsMilliseconds ?? DefaultRetryIntervals;

    /// <summary>The transient redelivery intervals in force: the configured ones (an empty value: none), else the defaults.</summary>
    public IReadOnlyList<int> TransientRetryIntervals() => TransientRetryIntervalsMilliseconds ?? DefaultTransientRetryIntervals;

    /// <summary>
    /// How long a receive endpoint whose broker channel closed waits for the handlers it was running before it
    /// reconnects without them (their messages, never acknowledged, are delivered again). Also the longest a stopping
    /// service waits for its handlers, which it cancels at three quarters of this.
    /// </summary>
    [Range(1, 3600)]
    public int StopTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Longest wait for the broker to confirm a message a consumer publishes. A confirmation can be lost with the
    /// channel it was awaited on; the handler then fails, and its message is delivered again.
    /// </summary>
    [Range(1, 3600)]
    public int PublishTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// A receive endpoint that has not been consuming for this long fails liveness (<c>/alive</c>), so an orchestrator
    /// restarts the process; its messages, never acknowledged, are delivered again. 0 turns the check off.
    /// </summary>
    [Range(0, 86400)]
    public int StalledEndpointSeconds { get; set; } = 120;

    /// <summary>
    /// A receive endpoint holding messages of which none finished for this long fails readiness (<c>/health</c>); at
    /// <see cref="StalledEndpointSeconds"/> it fails liveness too (<see cref="EndpointProgressWatch"/>). 0 turns the
    /// check off.
    /// </summary>
    [Range(0, 86400)]
    public int StuckEndpointSeconds { get; set; } = 60;

    public RabbitMqOptions RabbitMq { get; set; } = new();
}

/// <summary>Configuration section <c>Bus:RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    [Range(1, 65535)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>
    /// Longest wait for the broker's reply to a channel operation (declare, bind, consume, cancel), RabbitMQ.Client's
    /// <c>ContinuationTimeout</c>. A channel on which one timed out while a message was handled is closed and replaced.
    /// </summary>
    [Range(1, 3600)]
    public int ContinuationTimeoutSeconds { get; set; } = 20;
}
