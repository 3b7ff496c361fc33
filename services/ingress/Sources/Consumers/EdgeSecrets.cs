using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>
/// Secrets a consumer source connects with. A missing one fails the connection attempt with a message naming the
/// field and the reference (never a value): the loop retries with its backoff and <c>/health</c> shows the message.
/// </summary>
public static class EdgeSecrets
{
    public static string Require(this SecretResolver secrets, string field, SecretKeySelector? selector) =>
        secrets.Resolve(selector) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{field}: secret \"{selector?.Name}\" has no key \"{selector?.Key}\"");

    /// <summary>The PEM texts of a <c>tls</c> block; <paramref name="field"/> is its path, e.g. <c>spec.mqtt.example.tls</c>.</summary>
    public static ResolvedTls Tls(this SecretResolver secrets, string field, ClientTls tls) => new(
        tls.CaCertSecret is null ? null : secrets.Require($"{field}.caCertSecret", tls.CaCertSecret),
        tls.ClientCertSecret is null ? null : secrets.Require($"{field}.clientCertSecret", tls.ClientCertSecret),
        tls.ClientKeySecret is null ? null : secrets.Require($"{field}.clientKeySecret", tls.ClientKeySecret),
        tls.InsecureSkipVerify == true);
}
