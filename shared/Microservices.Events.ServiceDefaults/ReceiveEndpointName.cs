using System.Collections.Concurrent;

namespace Microservices.Events.ServiceDefaults;

/// <summary>A receive endpoint's name from its input address: the last segment (the queue), worked out once per address.</summary>
public static class ReceiveEndpointName
{
    private static readonly ConcurrentDictionary<Uri, string> Names = new();

    public static string Of(Uri inputAddress) => Names.GetOrAdd(inputAddress, static a => a.AbsolutePath.TrimEnd('/').Split('/')[^1]);
}
