using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>
/// The settings, as environment variables, that run the published services on one RabbitMQ virtual host and one
/// PostgreSQL database, with the specs of one folder, webhooks on loopback and warnings logged.
/// </summary>
public static class DurableSettings
{
    public static Dictionary<string, string> For(int rabbitPort, string virtualHost, string stateConnectionString, string specsDirectory) => new()
    {
        ["Bus__Transport"] = "RabbitMq",
        ["Bus__RabbitMq__Host"] = "127.0.0.1",
        ["Bus__RabbitMq__Port"] = rabbitPort.ToString(CultureInfo.InvariantCulture),
        ["Bus__RabbitMq__VirtualHost"] = virtualHost,
        ["State__Provider"] = "Postgres",
        ["ConnectionStrings__State"] = stateConnectionString,
        ["Specs__Directory"] = specsDirectory,
        ["Ingress__WebhookBindAddress"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
