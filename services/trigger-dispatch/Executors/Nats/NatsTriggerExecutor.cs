using System.Security.Cryptography;
using System.Text;
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
            (options, fingerprint) = Options(nats);
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

    /// <summary>The connection's options, and a digest of all they depend on (so a changed URL or rotated secret opens a new connection).</summary>
    /// <exception cref="MissingSecretException"/>
    /// <exception cref="InvalidSecretException"/>
    private (NatsOpts Options, string Fingerprint) Options(NatsTrigger nats)
    {
        var auth = NatsAuthOpts.Default;
        if (nats.Auth?.Basic is { } basic)
        {
            auth = auth with
            {
                Username = secrets.Require("auth.basic.username", basic.Username),
                Password = secrets.Require("auth.basic.password", basic.Password),
            };
        }
        else if (nats.Auth?.Token is { } token)
        {
            auth = auth with { Token = secrets.Require("auth.token", token) };
        }
        else if (nats.Auth?.NKey is { } nkey)
        {
            var seed = NKeySeed(secrets.Require("auth.nkey", nkey));
            var publicKey = seed is null ? null : PublicKeyOf(seed);
            if (publicKey is null)
            {
                throw new InvalidSecretException("auth.nkey", nkey, "a user nkey seed (SU…)");
            }

            auth = auth with { Seed = seed, NKey = publicKey };
        }

        var tls = NatsTlsOpts.Default;
        var material = secrets.Tls("tls", nats.Tls);
        if (material is not null)
        {
            var validation = TlsTrust.ServerValidation(material);
            var client = TlsTrust.ClientCertificate(material);
            tls = tls with
            {
                Mode = TlsMode.Require,
                ConfigureClientAuthentication = authentication =>
                {
                    if (validation is not null)
                    {
                        authentication.RemoteCertificateValidationCallback = validation;
                    }

                    if (client is not null)
                    {
                        authentication.ClientCertificates = [client];
                    }

                    return ValueTask.CompletedTask;
                },
            };
        }

        var urls = NatsTriggerValidator.ServerUrls(nats.Url!).Select(u => u.Uri!.GetLeftPart(UriPartial.Authority));
        var options = NatsOpts.Default with
        {
            Url = string.Join(",", urls),
            AuthOpts = auth,
            TlsOpts = tls,
            Name = "events-trigger-dispatch",
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        var fingerprint = string.Join("\n", options.Url, auth.Username, auth.Password, auth.Token, auth.Seed, material?.CaPem, material?.ClientCertPem, material?.ClientKeyPem, material?.InsecureSkipVerify);
        return (options, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint))));
    }

    /// <summary>The user seed (<c>SU…</c>) of an nkey secret: the seed alone, or a seed file in which it is one of the lines.</summary>
    public static string? NKeySeed(string secret) =>
        secret.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("SU", StringComparison.Ordinal));

    /// <summary>The public key (<c>U…</c>) of a user seed, which NATS asks for beside the signed nonce.</summary>
    private static string? PublicKeyOf(string seed)
    {
        try
        {
            using var pair = NATS.NKeys.KeyPair.FromSeed(seed);
            return pair.GetPublicKey();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or NATS.NKeys.NKeysException)
        {
            return null;
        }
    }
}
