using Confluent.Kafka;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Clients.Kafka;

/// <summary>
/// The TLS and SASL part of librdkafka's settings, shared by the kafka event source and the kafka trigger: the PEMs
/// of a <c>tls</c> block, SASL PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512 (Argo's names) with user and password, and the
/// security protocol the two imply.
/// </summary>
public static class KafkaSecurity
{
    /// <param name="config">A consumer's or producer's settings.</param>
    /// <param name="tls">The <c>tls</c> block with its secrets read, if any.</param>
    /// <param name="mechanism">The spec's <c>sasl.mechanism</c> (PLAIN when absent or unknown; the validator refuses others).</param>
    /// <param name="sasl">User and password of <c>sasl</c>, if any.</param>
    public static void Apply(ClientConfig config, ResolvedTls? tls, string? mechanism, (string User, string Password)? sasl)
    {
        if (tls is not null)
        {
            config.SslCaPem = tls.CaPem;
            config.SslCertificatePem = tls.ClientCertPem;
            config.SslKeyPem = tls.ClientKeyPem;
            config.EnableSslCertificateVerification = !tls.InsecureSkipVerify;
        }

        if (sasl is { } credentials)
        {
            config.SaslMechanism = mechanism switch
            {
                "SCRAM-SHA-256" => SaslMechanism.ScramSha256,
                "SCRAM-SHA-512" => SaslMechanism.ScramSha512,
                _ => SaslMechanism.Plain,
            };
            config.SaslUsername = credentials.User;
            config.SaslPassword = credentials.Password;
        }

        config.SecurityProtocol = (tls, sasl) switch
        {
            (not null, not null) => SecurityProtocol.SaslSsl,
            (not null, null) => SecurityProtocol.Ssl,
            (null, not null) => SecurityProtocol.SaslPlaintext,
            _ => SecurityProtocol.Plaintext,
        };
    }
}
