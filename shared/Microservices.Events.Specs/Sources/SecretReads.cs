using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Sources;

/// <summary>A secret a trigger or an event source needs is not there; the message names the field and the reference, never a value.</summary>
public sealed class MissingSecretException(string field, SecretKeySelector? secret)
    : Exception($"{field}: secret \"{secret?.Name}\" has no key \"{secret?.Key}\"");

/// <summary>A secret a trigger or an event source needs holds something unusable; the message names the field, the reference and what was expected, never the value.</summary>
public sealed class InvalidSecretException(string field, SecretKeySelector? secret, string expected)
    : Exception($"{field}: secret \"{secret?.Name}\" key \"{secret?.Key}\" does not hold {expected}");

/// <summary>Reads the secrets trigger and event-source kinds reference, failing with <see cref="MissingSecretException"/> when one is absent.</summary>
public static class SecretReads
{
    /// <exception cref="MissingSecretException"/>
    public static string Require(this SecretResolver secrets, string field, SecretKeySelector? secret) =>
        secrets.Resolve(secret) is { Length: > 0 } value ? value : throw new MissingSecretException(field, secret);

    /// <summary>The secret's value, or null when no reference is given.</summary>
    /// <exception cref="MissingSecretException">A reference is given and the secret is absent.</exception>
    public static string? Optional(this SecretResolver secrets, string field, SecretKeySelector? secret) =>
        secret is null ? null : secrets.Require(field, secret);

    /// <exception cref="MissingSecretException"/>
    public static ResolvedTls? Tls(this SecretResolver secrets, string field, ClientTls? tls) => tls is null
        ? null
        : new ResolvedTls(
            secrets.Optional($"{field}.caCertSecret", tls.CaCertSecret),
            secrets.Optional($"{field}.clientCertSecret", tls.ClientCertSecret),
            secrets.Optional($"{field}.clientKeySecret", tls.ClientKeySecret),
            tls.InsecureSkipVerify == true);
}
