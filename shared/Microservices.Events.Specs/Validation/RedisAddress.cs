using System.Globalization;

namespace Microservices.Events.Specs.Validation;

/// <summary>A Redis server address as Argo's <c>hostAddress</c> gives it (pure).</summary>
public static class RedisAddress
{
    /// <summary>The host and port of <c>hostAddress</c> (<c>host:port</c>, <c>[v6]:port</c>), or why it is not one.</summary>
    public static (string? Host, int Port, string? Error) Parse(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return (null, 0, "required");
        }

        var colon = address.LastIndexOf(':');
        var host = colon > 0 ? address[..colon].Trim('[', ']') : "";
        if (host.Length == 0 || host.Any(char.IsWhiteSpace)
            || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return (null, 0, $"\"{address}\" is not host:port, e.g. redis.argo-events.svc:6379");
        }

        return (host, port, null);
    }
}
