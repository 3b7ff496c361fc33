using System.Diagnostics;
using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Model;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Failures;
using Microsoft.Extensions.Options;

namespace Microservices.Events.TriggerDispatch.Execution;

/// <summary>
/// Executes a requested firing once per firing id: trigger-level parameters, rate limit, the kind's action with
/// the trigger's retry strategy (a Polly pipeline), then the dead-letter trigger on failure; a firing that still failed
/// is kept in the failed-firing store (<see cref="FailedFiringRecorder"/>); publishes the outcome. The firing id is
/// claimed in the ledger first (renewed while it runs), completed afterwards, and released if execution threw, so the
/// retry runs it again; a claim held by another process is waited for (it runs now, or died and its lease runs out).
/// </summary>
public sealed class TriggerRequestedConsumer(
    TriggerRegistry registry,
    TriggerExecutorRegistry executors,
    FiringLedgerStore ledger,
    TriggerRateLimiters rateLimiters,
    TriggerRetries retries,
    FailedFiringRecorder failures,
    DispatchTelemetry telemetry,
    TimeProvider time,
    IOptions<DispatchOptions> options,
    IOptions<BusOptions> bus,
    ILogger<TriggerRequestedConsumer> logger) : IConsumer<TriggerRequested>
{
    public async Task Consume(ConsumeContext<TriggerRequested> context)
    {
        var request = context.Message;
        if (await ledger.ClaimAsync(request.FiringId, context.CancellationToken) == ClaimOutcome.Completed)
        {
            telemetry.Duplicates.Add(1, new("sensor", request.Sensor), new("trigger", request.Trigger));
            logger.LogInformation("Firing {FiringId} of {Sensor}/{Trigger} already executed; skipped", request.FiringId, request.Sensor, request.Trigger);
            return;
        }

        var outcomes = new List<object>();
        await using (ledger.KeepClaimed(request.FiringId))
        {
            try
            {
                await Dispatch(outcomes, request, context.CancellationToken);
            }
            catch (Exception ex)
            {
                await ReleaseAsync(request, ex);
                throw;
            }
        }

        // Record the firing before announcing it: a failed publish of the outcome must not run the action again.
        await CompleteAsync(request);
        foreach (var outcome in outcomes)
        {
            await context.PublishWithin(outcome, TimeSpan.FromSeconds(bus.Value.PublishTimeoutSeconds));
        }
    }

    /// <summary>
    /// The firing ran; failing the message now would run it again. If the completion cannot be written, the claim
    /// lapses after its lease and only a later delivery of the same firing would run it again.
    /// </summary>
    private async Task CompleteAsync(TriggerRequested request)
    {
        try
        {
            if (!await ledger.CompleteAsync(request.FiringId, TimeSpan.FromSeconds(options.Value.IdempotencyWindowSeconds), CancellationToken.None))
            {
                logger.LogWarning("Firing {FiringId} of {Sensor}/{Trigger} executed after its ledger claim had lapsed; another delivery may run it as well", request.FiringId, request.Sensor, request.Trigger);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Firing {FiringId} of {Sensor}/{Trigger} executed but could not be recorded in the ledger; a redelivery after the lease would run it again", request.FiringId, request.Sensor, request.Trigger);
        }
    }

    private async Task ReleaseAsync(TriggerRequested request, Exception failure)
    {
        try
        {
            await ledger.ReleaseAsync(request.FiringId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release the ledger claim of firing {FiringId} after {Failure}; a redelivery waits for its lease", request.FiringId, failure.GetType().Name);
        }
    }

    private async Task Dispatch(List<object> outcomes, TriggerRequested request, CancellationToken cancellationToken)
    {
        using var activity = DispatchTelemetry.ActivitySource.StartActivity("trigger execute");
        activity?.SetTag("events.sensor", request.Sensor);
        activity?.SetTag("events.trigger", request.Trigger);
        activity?.SetTag("events.firing_id", request.FiringId.ToString());
        var started = Stopwatch.GetTimestamp();

        if (!registry.TryGet(request.Sensor, request.Trigger, out var trigger))
        {
            // Sensor-state may know a trigger this process has not loaded yet (spec reload in progress): retry, and
            // after the retries the request waits in the _error queue instead of being recorded as done.
            throw new InvalidOperationException($"sensor \"{request.Sensor}\" has no trigger \"{request.Trigger}\" in this process's specs");
        }

        var (outcome, kind, attempts, resolved) = await Execute(request, trigger, cancellationToken);
        string? deadLetter = null;
        if (!outcome.Success && trigger.DlqTrigger is { } dlq)
        {
            var (dlqOutcome, dlqKind, dlqAttempts, _) = await Execute(request, dlq, cancellationToken);
            deadLetter = $"{dlqKind} {(dlqOutcome.Success ? "succeeded" : "failed")} after {dlqAttempts} attempt(s): {dlqOutcome.Detail}";
            logger.Log(dlqOutcome.Success ? LogLevel.Information : LogLevel.Error,
                "Firing {FiringId} of {Sensor}/{Trigger} failed; dead-letter trigger {DlqKind}: {Detail}", request.FiringId, request.Sensor, request.Trigger, dlqKind, dlqOutcome.Detail);
        }

        if (outcome.Success)
        {
            telemetry.Succeeded.Add(1, new("sensor", request.Sensor), new("trigger", request.Trigger), new("kind", kind));
            telemetry.Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new("sensor", request.Sensor), new("trigger", request.Trigger), new("kind", kind));
            var newest = request.Events.Values.Select(e => e.Time).DefaultIfEmpty(time.GetUtcNow()).Max();
            telemetry.EndToEnd.Record((time.GetUtcNow() - newest).TotalMilliseconds, new("sensor", request.Sensor), new("trigger", request.Trigger), new("kind", kind));
            outcomes.Add(new TriggerSucceeded
            {
                FiringId = request.FiringId,
                Sensor = request.Sensor,
                Trigger = request.Trigger,
                Kind = kind,
                Detail = outcome.Detail,
                Attempts = attempts,
                Duration = Stopwatch.GetElapsedTime(started),
            });
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Detail);
            await failures.RecordAsync(request, kind, outcome.Detail, attempts, deadLetter, resolved);
            outcomes.Add(Failed(request, kind, outcome.Detail, attempts, started));
        }
    }

    private async Task<(TriggerOutcome Outcome, string Kind, int Attempts, ResolvedFiring? Resolved)> Execute(TriggerRequested request, Trigger trigger, CancellationToken cancellationToken)
    {
        TriggerTemplate template;
        ResolvedFiring resolved;
        var argoName = trigger.Template?.Name ?? request.Trigger;
        try
        {
            resolved = FiringResolver.Resolve(trigger, request.Events);
            template = resolved.ToTemplate();
        }
        catch (Exception ex) when (ex is ParameterException or System.Text.Json.JsonException or InvalidOperationException)
        {
            FailedWithoutAttempt(request.Sensor, argoName);
            return (TriggerOutcome.Fail($"trigger parameters: {ex.Message}"), trigger.Template?.Kinds().FirstOrDefault() ?? "", 0, null);
        }

        var kind = template.Kinds().FirstOrDefault() ?? "";
        if (!executors.TryGet(kind, out var executor))
        {
            FailedWithoutAttempt(request.Sensor, argoName);
            return (TriggerOutcome.Fail($"trigger kind \"{kind}\" is not supported yet"), kind, 0, resolved);
        }

        await rateLimiters.WaitAsync(request.Sensor, template.Name ?? request.Trigger, trigger.RateLimit, cancellationToken);
        telemetry.Fired.Add(1, new("sensor", request.Sensor), new("trigger", request.Trigger), new("kind", kind));
        var execution = new TriggerExecution(request.FiringId, request.Sensor, trigger, template, resolved, request.Events);
        var attempts = 0;
        var outcome = await retries.ExecuteAsync(trigger, request, async token =>
        {
            attempts++;
            var attemptStarted = Stopwatch.GetTimestamp();
            TriggerOutcome result;
            try
            {
                // A template the kind cannot run fails the attempt with the reason, as when the kind found it while running.
                var problems = executor.Validate(template);
                result = problems.Count > 0
                    ? TriggerOutcome.Fail(string.Join("; ", problems))
                    : await executor.ExecuteAsync(execution, token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bad value in the spec (method, header name, ...) fails this firing; it is not a reason to crash
                // or to redeliver the request.
                result = TriggerOutcome.Fail($"{ex.GetType().Name}: {ex.Message}");
            }

            telemetry.AttemptEnded(request.Sensor, argoName, result.Success, Stopwatch.GetElapsedTime(attemptStarted).TotalMilliseconds);
            return result;
        }, cancellationToken);

        if (!outcome.Success)
        {
            telemetry.RetriesExhausted(request.Sensor, argoName);
            logger.LogWarning("Firing {FiringId} of {Sensor}/{Trigger} attempt {Attempt}/{Attempts} failed: {Detail}", request.FiringId, request.Sensor, request.Trigger, attempts, retries.Attempts(trigger), outcome.Detail);
        }

        return (outcome, kind, attempts, resolved);
    }

    /// <summary>A firing that failed before its action could run (parameters, kind): one failed attempt in Argo's terms, retries exhausted.</summary>
    private void FailedWithoutAttempt(string sensor, string trigger)
    {
        telemetry.AttemptEnded(sensor, trigger, false, 0);
        telemetry.RetriesExhausted(sensor, trigger);
    }

    private TriggerFailed Failed(TriggerRequested request, string kind, string reason, int attempts, long started)
    {
        telemetry.Failed.Add(1, new("sensor", request.Sensor), new("trigger", request.Trigger), new("kind", kind));
        logger.LogError("Firing {FiringId} of {Sensor}/{Trigger} failed: {Reason}", request.FiringId, request.Sensor, request.Trigger, reason);
        return new TriggerFailed
        {
            FiringId = request.FiringId,
            Sensor = request.Sensor,
            Trigger = request.Trigger,
            Kind = kind,
            Reason = reason,
            Attempts = attempts,
            Duration = Stopwatch.GetElapsedTime(started),
        };
    }
}

/// <summary>Endpoint <c>trigger-dispatch</c>.</summary>
public sealed class TriggerRequestedConsumerDefinition : ConsumerDefinition<TriggerRequestedConsumer>
{
    public const string QueueName = "trigger-dispatch";

    public TriggerRequestedConsumerDefinition() => EndpointName = QueueName;
}
