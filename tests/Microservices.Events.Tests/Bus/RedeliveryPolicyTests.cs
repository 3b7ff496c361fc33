using MassTransit;
using MassTransit.Middleware;
using Microservices.Events.ServiceDefaults;
using Npgsql;

namespace Microservices.Events.Tests.Bus;

/// <summary>
/// The retry contexts MassTransit's retry filter asks (<see cref="RedeliveryPolicy"/>): after each failure whether to
/// try again, after which wait, and the attempt's number, as the filter walks them.
/// </summary>
public sealed class RedeliveryPolicyTests
{
    private static readonly RedeliverySchedule Schedule = new(
        [TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(3)],
        [TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(50)]);

    /// <summary><paramref name="failures"/>: T a database away, F anything else, P permanent; <paramref name="waits"/>: the wait (ms) before each retry, then "fault" where there is none.</summary>
    [Theory]
    [InlineData("FFFF", "1,2,3,fault")]
    [InlineData("TTTTTT", "40,50,1,2,3,fault")]
    [InlineData("FTFT", "1,40,2,50")]
    [InlineData("TFTTF", "40,1,50,2,3")]
    [InlineData("P", "fault")]
    [InlineData("TP", "40,fault")]
    public void Each_failure_is_retried_after_the_wait_its_kind_has_left(string failures, string waits)
    {
        var policy = new RedeliveryPolicy(new NotPermanent(), Schedule);
        using var policyContext = policy.CreatePolicyContext(new Probe());

        var got = new List<string>();
        var attempts = new List<int>();
        RetryContext<Probe>? retry = null;
        foreach (var failure in failures)
        {
            var exception = Failure(failure);
            var again = retry is null ? policyContext.CanRetry(exception, out retry) : retry.CanRetry(exception, out retry);
            Assert.Same(exception, retry.Exception);
            if (!again)
            {
                got.Add("fault");
                break;
            }

            got.Add(((int)retry.Delay!.Value.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            attempts.Add(retry.RetryAttempt);
        }

        Assert.Equal(waits, string.Join(",", got));
        Assert.Equal(Enumerable.Range(1, attempts.Count), attempts);
    }

    [Fact]
    public void A_cancelled_retry_is_not_tried_again()
    {
        var policy = new RedeliveryPolicy(new NotPermanent(), Schedule);
        using var policyContext = policy.CreatePolicyContext(new Probe());
        Assert.True(policyContext.CanRetry(Failure('F'), out _));

        policyContext.Cancel();

        Assert.False(policyContext.CanRetry(Failure('F'), out _));
    }

    /// <summary>A failure of the kind a plan's letter names: T a database away, P permanent, anything else another failure.</summary>
    internal static Exception Failure(char kind) => kind switch
    {
        'T' => new InvalidOperationException("claim failed", new PostgresException("terminating connection", "FATAL", "FATAL", "57P01")),
        'P' => new PermanentFailureException("refused"),
        _ => new InvalidOperationException("failed"),
    };

    private sealed class Probe : BasePipeContext, PipeContext;

    /// <summary>The endpoints' exception filter: everything but a <see cref="PermanentFailureException"/>.</summary>
    private sealed class NotPermanent : IExceptionFilter
    {
        public bool Match(Exception exception) => exception is not PermanentFailureException;

        public void Probe(ProbeContext context)
        {
        }
    }
}
