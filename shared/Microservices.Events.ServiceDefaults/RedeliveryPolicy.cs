using MassTransit;
using MassTransit.RetryPolicies;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// MassTransit's retry policy for a <see cref="RedeliverySchedule"/>: both kinds of retry in the one retry filter of a
/// receive endpoint (each filter costs every message that passes, failed or not). Exceptions the endpoint's exception
/// filter does not match (<see cref="PermanentFailureException"/>) are not retried.
/// </summary>
public sealed class RedeliveryPolicy(IExceptionFilter filter, RedeliverySchedule schedule) : IRetryPolicy
{
    public RedeliverySchedule Schedule { get; } = schedule;

    public bool IsHandled(Exception exception) => filter.Match(exception);

    public RetryPolicyContext<T> CreatePolicyContext<T>(T context)
        where T : class, PipeContext => new PolicyContext<T>(this, context);

    public void Probe(ProbeContext context)
    {
        context.Set(new
        {
            Policy = "Redelivery",
            Schedule.Redeliveries,
            Schedule.Transient,
        });
        filter.Probe(context);
    }

    /// <summary>The next retry after <paramref name="exception"/>, or <c>null</c>.</summary>
    internal RedeliveryStep? Next(RedeliveryStep used, Exception exception) =>
        IsHandled(exception) ? Schedule.Next(used, TransientFailures.IsTransient(exception)) : null;

    private sealed class PolicyContext<T> : BaseRetryPolicyContext<T>
        where T : class, PipeContext
    {
        private readonly RedeliveryPolicy _policy;

        public PolicyContext(RedeliveryPolicy policy, T context)
            : base(policy, context) => _policy = policy;

        public override bool CanRetry(Exception exception, out RetryContext<T> retryContext) =>
            base.CanRetry(exception, out retryContext) && ((RetryAttempt<T>)retryContext).Scheduled;

        protected override RetryContext<T> CreateRetryContext(Exception exception, CancellationToken cancellationToken) =>
            new RetryAttempt<T>(_policy, Context, exception, _policy.Next(RedeliveryStep.None, exception), RedeliveryStep.None, 0, cancellationToken);
    }

    /// <summary>One retry: its wait, and the intervals used up to it (the last step when none is left).</summary>
    private sealed class RetryAttempt<T> : BaseRetryContext<T>, RetryContext<T>
        where T : class, PipeContext
    {
        private readonly RedeliveryPolicy _policy;
        private readonly RedeliveryStep _step;

        public RetryAttempt(RedeliveryPolicy policy, T context, Exception exception, RedeliveryStep? next, RedeliveryStep previous, int retryCount, CancellationToken cancellationToken)
            : base(context, exception, retryCount, cancellationToken)
        {
            _policy = policy;
            Scheduled = next is not null;
            _step = next ?? previous;
        }

        public bool Scheduled { get; }

        public override TimeSpan? Delay => _step.Delay;

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            var attempt = new RetryAttempt<T>(_policy, Context, exception, _policy.Next(_step, exception), _step, RetryCount + 1, CancellationToken);
            retryContext = attempt;
            return attempt.Scheduled;
        }
    }
}
