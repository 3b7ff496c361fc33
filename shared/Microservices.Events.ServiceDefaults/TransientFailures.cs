using System.Data.Common;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Whether a message failed because a server it needs is away for a while: the state database restarting, refusing or
/// dropping connections. Such a message is retried on <see cref="BusOptions.TransientRetryIntervalsMilliseconds"/>
/// before the endpoint's own redeliveries (<see cref="BusOptions.RetryIntervalsMilliseconds"/>), so an outage of up to
/// about a minute sends nothing to an <c>_error</c> queue. The exception and every exception inside it are asked.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DbException database when database.IsTransient || IsServerAway(database.SqlState):
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsTransient):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// SQLSTATEs of a server that went away or is not back yet: connection exceptions (class 08), administrator and
    /// crash shutdown (57P01, 57P02), cannot connect now (57P03, while it starts), too many connections (53300).
    /// </summary>
    private static bool IsServerAway(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300");
}
