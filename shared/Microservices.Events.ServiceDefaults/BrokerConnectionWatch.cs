using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.RabbitMqTransport.Configuration;
using MassTransit.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Follows every RabbitMQ connection the bus opens and records when the broker blocks and unblocks it
/// (<c>connection.blocked</c>, sent while a memory or disk alarm is set): a Warning in the log each time, the gauge
/// <c>broker_connection_blocked</c>, and <see cref="BrokerConnectionCheck"/> on readiness. MassTransit 8.5.12 does not
/// report these notices, and a blocked connection otherwise looks like a broker that stopped answering. A connection is
/// followed from the first message consumed on it (before a handler can publish on it, which is what gets it blocked)
/// and, for a process that publishes without consuming, from the connection the bus hands over when asked.
/// </summary>
public sealed class BrokerConnectionWatch : BackgroundService, IConsumeObserver
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    public const string MeterName = ServiceDefaultsExtensions.TelemetryPrefix + ".Bus";

    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<BrokerConnectionWatch> _logger;
    private readonly BrokerConnectionBlocks _blocks = new();
    private readonly Lock _gate = new();
    private readonly Meter _meter;
    private static readonly TimeSpan ClosedPoll = TimeSpan.FromSeconds(1);

    private readonly ConditionalWeakTable<IConnection, FollowedConnection> _followed = [];
    private readonly SemaphoreSlim _opening = new(0);

    private readonly EndpointChannelWatch? _endpoints;

    public BrokerConnectionWatch(IServiceProvider services, TimeProvider time, IMeterFactory meterFactory, ILogger<BrokerConnectionWatch> logger)
    {
        _services = services;
        _endpoints = services.GetService<EndpointChannelWatch>();
        _time = time;
        _logger = logger;
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("broker_connection_blocked", () => Blocked(_time.GetUtcNow()).Count,
            description: "Connections of this process the broker blocks (connection.blocked: a memory or disk alarm is set)");
    }

    /// <summary>The connections blocked now, by name, with the broker's reason and for how long.</summary>
    public IReadOnlyList<(string Connection, string Reason, TimeSpan For)> Blocked(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _blocks.Current(now);
        }
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.ReceiveContext.TryGetPayload(out ChannelContext? channel))
        {
            _ = Follow(channel.ConnectionContext.Description, channel.ConnectionContext.Connection);
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public override void Dispose()
    {
        _meter.Dispose();
        _opening.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_services.GetService<IBusInstance>()?.HostConfiguration is not IRabbitMqHostConfiguration host)
        {
            return;
        }

        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The supervisor hands over the connection the endpoints use (opening one if there is none); the pipe
                // only subscribes, so the watch never holds the connection open.
                FollowedConnection? followed = null;
                await host.ConnectionContextSupervisor.Send(Pipe.Execute<ConnectionContext>(c => followed = Follow(c.Description, c.Connection)), stoppingToken);
                if (followed is not null)
                {
                    pause = TimeSpan.FromSeconds(1);

                    // Also looked at every second: the client raises its shutdown event to one handler after another,
                    // so this watch's may come late, after endpoints consume again on a new connection.
                    while (!followed.Closed.IsCompleted)
                    {
                        await Task.WhenAny(followed.Closed, Task.Delay(ClosedPoll, _time, stoppingToken));
                        stoppingToken.ThrowIfCancellationRequested();
                        followed.CloseIfClosed();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // No connection now (the broker is away; MassTransit logs each failed attempt): the endpoints reconnect
                // by themselves, and the connection they open is asked for then; otherwise ask again after a growing pause.
                _logger.LogDebug(ex, "No broker connection to follow yet");
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }

            // Until the bus opens a connection (a wake-up from ConnectionOpening) or the pause ends; a wake-up from the
            // attempt just made here is dropped first.
            Drain();
            await _opening.WaitAsync(pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            Drain();
        }
    }

    /// <summary>
    /// Called by the bus before it opens a connection (<c>OnRefreshConnectionFactory</c>): the watch asks for the new
    /// connection at once, so a connection that publishes right away (ingress) is followed before the broker can block it.
    /// </summary>
    public Task ConnectionOpening(ConnectionFactory factory)
    {
        lock (_opening)
        {
            if (_opening.CurrentCount == 0)
            {
                _opening.Release();
            }
        }

        return Task.CompletedTask;
    }

    private void Drain()
    {
        lock (_opening)
        {
            while (_opening.Wait(0))
            {
            }
        }
    }

    /// <summary>Subscribes to the connection's notices once; its task ends when it closes.</summary>
    private FollowedConnection Follow(string name, IConnection connection)
    {
        lock (_followed)
        {
            if (!_followed.TryGetValue(connection, out var followed))
            {
                followed = Subscribe(name, connection);
                _followed.Add(connection, followed);
            }

            return followed;
        }
    }

    private FollowedConnection Subscribe(string name, IConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var followed = new FollowedConnection(connection, closed.Task, Close);

        Task OnBlocked(object sender, ConnectionBlockedEventArgs e)
        {
            lock (_gate)
            {
                _blocks.Blocked(name, e.Reason, _time.GetUtcNow());
            }

            _logger.LogWarning("The broker blocked connection {Connection}: {Reason}. Nothing is published, acknowledged or declared on it until the broker unblocks it", name, e.Reason);
            return Task.CompletedTask;
        }

        Task OnUnblocked(object sender, AsyncEventArgs e)
        {
            End(name, "unblocked");
            return Task.CompletedTask;
        }

        Task OnShutdown(object sender, ShutdownEventArgs e)
        {
            Close(learntNow: true);
            return Task.CompletedTask;
        }

        // Once per connection, whether learnt from its shutdown event or from looking at it. A connection found
        // closed when first followed closed at a time not known: endpoints are not told then.
        void Close(bool learntNow)
        {
            if (closed.Task.IsCompleted || !closed.TrySetResult())
            {
                return;
            }

            End(name, "closed");
            if (learntNow)
            {
                _endpoints?.ConnectionClosed(_time.GetUtcNow());
            }

            connection.ConnectionBlockedAsync -= OnBlocked;
            connection.ConnectionUnblockedAsync -= OnUnblocked;
            connection.ConnectionShutdownAsync -= OnShutdown;
        }

        connection.ConnectionBlockedAsync += OnBlocked;
        connection.ConnectionUnblockedAsync += OnUnblocked;
        connection.ConnectionShutdownAsync += OnShutdown;
        if (!connection.IsOpen)
        {
            Close(learntNow: false);
        }

        return followed;
    }

    /// <summary>A connection followed: its task ends when it closes; <see cref="CloseIfClosed"/> looks at it.</summary>
    private sealed class FollowedConnection(IConnection connection, Task closed, Action<bool> close)
    {
        public Task Closed => closed;

        public void CloseIfClosed()
        {
            if (!connection.IsOpen)
            {
                close(true);
            }
        }
    }

    private void End(string name, string how)
    {
        TimeSpan? was;
        lock (_gate)
        {
            was = _blocks.Ended(name, _time.GetUtcNow());
        }

        if (was is { } duration)
        {
            _logger.LogWarning("The broker connection {Connection} is no longer blocked ({How} after {Seconds:F1} s)", name, how, duration.TotalSeconds);
        }
    }
}
