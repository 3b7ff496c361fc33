using Microservices.Events.Clients.Nats;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NATS.Client.Core;

namespace Microservices.Events.TriggerDispatch.Executors.Nats;

/// <summary>
/// The <c>nats</c> trigger: publishes the payload built from <c>payload</c> parameters on <c>subject</c> with NATS.Net
/// and waits for the server's answer to a ping after it, so a firing succeeds only once the server has the message.
/// Credentials (<c>auth.basic</c>, <c>auth.token</c>) and TLS material come from secrets.
/// </summary>
public sealed class NatsTriggerExecutor(NatsConnections connections, SecretResolver secrets) : ITriggerExecutor
{
    public string Kind => "nats";

    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<NatsConnections>();
    }

    public IReadOnlyList<string> Validate(TriggerTemplate template)
    {
        if (TriggerKindSpec.Read<NatsTrigger>(template, Kind) is not { } nats)
        {
            return ["nats: missing"];
        }

        var problems = NatsTriggerValidator.Problems(nats).Select(p => p.ToString()).ToList();
        if (nats.Auth?.Credential is not null)
        {
            problems.Add("auth.credential: credentials file authentication is not supported yet; use basic, token or nkey");
        }

        return problems;
    }

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var nats = TriggerKindSpec.Read<NatsTrigger>(execution.Template, Kind)!;
        NatsOpts options;
        string fingerprint;
        try
        {
            (options, fingerprint) = NatsClientOptions.Build(secrets, nats.Url!, nats.Auth, nats.Tls, "events-trigger-dispatch");
        }
        catch (Exception ex) when (ex is MissingSecretException or InvalidSecretException)
        {
            return TriggerOutcome.Fail(ex.Message);
        }

        var key = $"{execution.Sensor}\n{execution.Template.Name}\n{fingerprint}";
        var body = TriggerPayload.Bytes(execution.Resolved.Payload);
        try
        {
            var connection = await connections.GetAsync(key, () => options);
            await connection.PublishAsync(nats.Subject!, body, cancellationToken: cancellationToken);
            await connection.PingAsync(cancellationToken);
            return TriggerOutcome.Ok($"published {body.Length} bytes on {nats.Subject}");
        }
        catch (NatsException ex)
        {
            return TriggerOutcome.Fail($"publish on {nats.Subject} to {nats.Url} failed: {ex.Message}");
        }
    }
}
