using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Readiness (<c>/health</c>) fails while the broker blocks a connection of this process, naming the connection and the
/// broker's reason ("broker connection blocked: low on memory"). Not a liveness check: a restarted process would meet
/// the same alarm; the connection carries on by itself once the broker unblocks it.
/// </summary>
public sealed class BrokerConnectionCheck(BrokerConnectionWatch watch, TimeProvider time) : IHealthCheck
{
    public const string Name = "broker-connection";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var blocked = watch.Blocked(time.GetUtcNow());
        return Task.FromResult(blocked.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(Describe(blocked)));
    }

    /// <summary>The check's description of blocked connections.</summary>
    public static string Describe(IEnumerable<(string Connection, string Reason, TimeSpan For)> blocked) =>
        string.Join("; ", blocked.Select(b => $"broker connection blocked: {b.Reason} ({b.Connection}, for {b.For.TotalSeconds:F0} s)"));
}
