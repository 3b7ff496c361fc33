using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>mqtt</c> events: the broker URL, the topic filter and the client id a persistent session needs.</summary>
internal static class MqttValidator
{
    /// <summary>URL schemes of a broker: plain TCP, TCP with TLS, WebSocket and secure WebSocket.</summary>
    public static readonly IReadOnlyList<string> Schemes = ["tcp", "mqtt", "ssl", "tls", "mqtts", "tcps", "ws", "wss"];

    /// <summary>The schemes that connect with TLS (the <c>tls</c> block applies to them).</summary>
    public static readonly IReadOnlyList<string> TlsSchemes = ["ssl", "tls", "mqtts", "tcps", "wss"];

    public static void Validate(string path, MqttEventSource mqtt, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(mqtt.Url))
        {
            d.Add(EventSourceValidator.Error($"{path}.url", "required"));
        }
        else if (!Uri.TryCreate(mqtt.Url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme) || uri.Host.Length == 0)
        {
            d.Add(EventSourceValidator.Error($"{path}.url", $"\"{mqtt.Url}\" is not a broker URL ({string.Join("://, ", Schemes)}://host:port)"));
        }

        if (string.IsNullOrWhiteSpace(mqtt.Topic))
        {
            d.Add(EventSourceValidator.Error($"{path}.topic", "required"));
        }
        else if (TopicFilterError(mqtt.Topic) is { } topicError)
        {
            d.Add(EventSourceValidator.Error($"{path}.topic", topicError));
        }

        if (string.IsNullOrWhiteSpace(mqtt.ClientId))
        {
            d.Add(EventSourceValidator.Error($"{path}.clientId", "required: the broker keeps the subscription and the unacknowledged messages of this client id while ingress is away"));
        }

        if (mqtt.Auth is { } auth)
        {
            if (auth.Username is null)
            {
                d.Add(EventSourceValidator.Error($"{path}.auth.username", "required with auth"));
            }

            if (auth.Password is null)
            {
                d.Add(EventSourceValidator.Error($"{path}.auth.password", "required with auth"));
            }
        }

        d.AddRange(TlsProblems.Of($"{path}.tls", mqtt.Tls).Select(p => EventSourceValidator.Error(p.Field, p.Message)));
        if (mqtt.Tls is not null && Uri.TryCreate(mqtt.Url, UriKind.Absolute, out var url) && !TlsSchemes.Contains(url.Scheme))
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.tls", $"tls applies to {string.Join(", ", TlsSchemes.Select(s => s + "://"))} URLs only: with this URL the connection is not encrypted (as in Argo)"));
        }

        ConnectionBackoffValidator.Validate(path, mqtt.ConnectionBackoff, d);
        EventSourceValidator.ValidateFilter(path, mqtt.Filter, d);
    }

    /// <summary>Why <paramref name="topic"/> is not an MQTT topic filter (wildcards <c>+</c> and <c>#</c> at whole levels, <c>#</c> last), or null (pure).</summary>
    public static string? TopicFilterError(string topic)
    {
        var levels = topic.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1))
            {
                return $"\"{topic}\": # must be a whole level and the last one";
            }

            if (level.Contains('+') && level != "+")
            {
                return $"\"{topic}\": + must be a whole level";
            }
        }

        return null;
    }
}
