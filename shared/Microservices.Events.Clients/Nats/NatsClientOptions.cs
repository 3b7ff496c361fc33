using System.Security.Cryptography;
using System.Text;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using NATS.Client.Core;

namespace Microservices.Events.Clients.Nats;

/// <summary>
/// The NATS.Net connection options of an Argo NATS client block (the <c>nats</c> trigger, the <c>nats</c> event source):
/// server URLs, <c>auth</c> (basic, token or nkey, from secrets) and <c>tls</c>, with a digest of all they depend on so
/// a changed URL or a rotated secret opens a new connection.
/// </summary>
public static class NatsClientOptions
{
    /// <param name="urls">The servers: <c>nats://host:port</c>, <c>tls://host:port</c> or <c>host:port</c>, several separated by commas.</param>
    /// <exception cref="MissingSecretException"/>
    /// <exception cref="InvalidSecretException"/>
    public static (NatsOpts Options, string Fingerprint) Build(SecretResolver secrets, string urls, NatsAuth? auth, ClientTls? tls, string clientName)
    {
        var credentials = Credentials(secrets, auth);
        var material = secrets.Tls("tls", tls);
        var options = NatsOpts.Default with
        {
            Url = string.Join(",", ServerUrls(urls)),
            AuthOpts = credentials,
            TlsOpts = material is null ? NatsTlsOpts.Default : Tls(material),
            Name = clientName,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        var fingerprint = string.Join("\n", options.Url, credentials.Username, credentials.Password, credentials.Token, credentials.Seed,
            material?.CaPem, material?.ClientCertPem, material?.ClientKeyPem, material?.InsecureSkipVerify);
        return (options, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint))));
    }

    /// <summary>The user seed (<c>SU…</c>) of an nkey secret: the seed alone, or a seed file in which it is one of the lines.</summary>
    public static string? NKeySeed(string secret) =>
        secret.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("SU", StringComparison.Ordinal));

    private static IEnumerable<string> ServerUrls(string urls) =>
        NatsClientProblems.ServerUrls(urls).Select(u => u.Uri?.GetLeftPart(UriPartial.Authority) ?? throw new ArgumentException(u.Error, nameof(urls)));

    private static NatsAuthOpts Credentials(SecretResolver secrets, NatsAuth? auth)
    {
        var credentials = NatsAuthOpts.Default;
        if (auth?.Basic is { } basic)
        {
            return credentials with
            {
                Username = secrets.Require("auth.basic.username", basic.Username),
                Password = secrets.Require("auth.basic.password", basic.Password),
            };
        }

        if (auth?.Token is { } token)
        {
            return credentials with { Token = secrets.Require("auth.token", token) };
        }

        if (auth?.NKey is { } nkey)
        {
            var seed = NKeySeed(secrets.Require("auth.nkey", nkey));
            var publicKey = seed is null ? null : PublicKeyOf(seed);
            return publicKey is null
                ? throw new InvalidSecretException("auth.nkey", nkey, "a user nkey seed (SU…)")
                : credentials with { Seed = seed, NKey = publicKey };
        }

        return credentials;
    }

    private static NatsTlsOpts Tls(ResolvedTls material)
    {
        var validation = TlsTrust.ServerValidation(material);
        var client = TlsTrust.ClientCertificate(material);
        return NatsTlsOpts.Default with
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
