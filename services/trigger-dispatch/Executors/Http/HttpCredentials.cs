using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.TriggerDispatch.Executors.Http;

/// <summary>A secret or config map an http trigger refers to is absent; the message names the field and the reference, never a value.</summary>
public sealed class HttpCredentialException(string message) : Exception(message);

/// <summary>
/// What an http trigger sends beyond its spec, read when an attempt runs: secure header values (secret or config map),
/// the basic-auth user and password, and the TLS material. Values live only for the attempt; nothing here is logged.
/// </summary>
public sealed class HttpCredentials
{
    private HttpCredentials(IReadOnlyList<KeyValuePair<string, string>> secureHeaders, (string User, string Password)? basicAuth, ResolvedTls? tls)
    {
        SecureHeaders = secureHeaders;
        BasicAuth = basicAuth;
        Tls = tls;
    }

    public IReadOnlyList<KeyValuePair<string, string>> SecureHeaders { get; }

    public (string User, string Password)? BasicAuth { get; }

    public ResolvedTls? Tls { get; }

    /// <exception cref="HttpCredentialException">A referenced secret or config map key is absent.</exception>
    public static HttpCredentials Resolve(HttpTrigger http, SecretResolver secrets, ConfigMapResolver configMaps)
    {
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < (http.SecureHeaders?.Count ?? 0); i++)
        {
            var header = http.SecureHeaders![i];
            var source = header.ValueFrom;
            var value = source?.SecretKeyRef is { } secret
                ? Require(secrets.Resolve(secret), $"secureHeaders[{i}].valueFrom.secretKeyRef", "secret", secret)
                : Require(configMaps.Resolve(source?.ConfigMapKeyRef), $"secureHeaders[{i}].valueFrom.configMapKeyRef", "config map", source?.ConfigMapKeyRef);
            headers.Add(KeyValuePair.Create(header.Name ?? "", value));
        }

        (string, string)? basic = null;
        if (http.BasicAuth is { } auth)
        {
            var user = auth.Username is null ? "" : Require(secrets.Resolve(auth.Username), "basicAuth.username", "secret", auth.Username);
            var password = auth.Password is null ? "" : Require(secrets.Resolve(auth.Password), "basicAuth.password", "secret", auth.Password);
            basic = (user, password);
        }

        ResolvedTls? tls = null;
        if (http.Tls is { } t)
        {
            tls = new ResolvedTls(
                Optional(secrets, t.CaCertSecret, "tls.caCertSecret"),
                Optional(secrets, t.ClientCertSecret, "tls.clientCertSecret"),
                Optional(secrets, t.ClientKeySecret, "tls.clientKeySecret"),
                t.InsecureSkipVerify == true);
        }

        return new HttpCredentials(headers, basic, tls);
    }

    private static string? Optional(SecretResolver secrets, SecretKeySelector? reference, string field) =>
        reference is null ? null : Require(secrets.Resolve(reference), field, "secret", reference);

    private static string Require(string? value, string field, string what, SecretKeySelector? reference) =>
        value ?? throw new HttpCredentialException($"{field}: {what} \"{reference?.Name}\" has no key \"{reference?.Key}\"");
}
