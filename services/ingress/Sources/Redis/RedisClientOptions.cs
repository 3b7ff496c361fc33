using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation;
using StackExchange.Redis;

namespace Microservices.Events.Ingress.Sources.Redis;

/// <summary>
/// The StackExchange.Redis options of a <c>redis</c> or <c>redisStream</c> event: <c>hostAddress</c>, <c>db</c>,
/// <c>username</c>, <c>password</c> (a secret) and <c>tls</c> (CA, client certificate, insecureSkipVerify). A first
/// connection that fails throws, so the consume loop reconnects with its backoff; a later loss is reconnected by the
/// client itself.
/// </summary>
public static class RedisClientOptions
{
    /// <exception cref="MissingSecretException"/>
    public static ConfigurationOptions Build(SecretResolver secrets, string hostAddress, int? db, string? username, SecretKeySelector? password, ClientTls? tls, string clientName)
    {
        var (host, port, error) = RedisAddress.Parse(hostAddress);
        var options = new ConfigurationOptions
        {
            DefaultDatabase = db ?? 0,
            User = string.IsNullOrEmpty(username) ? null : username,
            Password = secrets.Optional("password", password),
            ClientName = clientName,
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
            ConnectRetry = 1,
        };
        options.EndPoints.Add(host ?? throw new ArgumentException(error, nameof(hostAddress)), port);
        if (secrets.Tls("tls", tls) is { } material)
        {
            options.Ssl = true;
            options.SslHost = host;
            if (TlsTrust.ServerValidation(material) is { } validation)
            {
                options.CertificateValidation += validation;
            }

            if (TlsTrust.ClientCertificate(material) is { } certificate)
            {
                options.CertificateSelection += (_, _, _, _, _) => certificate;
            }
        }

        return options;
    }

    /// <summary>The listener follows the multiplexer: not consuming while a connection is lost, consuming again once it is restored.</summary>
    public static void Watch(IConnectionMultiplexer connection, Consumers.EdgeListener listener, string hostAddress)
    {
        connection.ConnectionFailed += (_, args) => listener.MarkDisconnected($"connection to {hostAddress} lost: {args.FailureType} {args.Exception?.Message}".TrimEnd());
        connection.ConnectionRestored += (_, _) => listener.MarkConnected();
    }
}
