namespace Microservices.Events.Testing;

/// <summary>The four services as <c>make publish</c> and <c>make bench</c> lay them out (<c>ROOT/name/Assembly.dll</c>), in start order.</summary>
public static class PublishedServices
{
    public static readonly IReadOnlyList<(string Name, string Dll)> All =
    [
        ("bus-gateway", "Microservices.Events.BusGateway.dll"),
        ("sensor-state", "Microservices.Events.SensorState.dll"),
        ("trigger-dispatch", "Microservices.Events.TriggerDispatch.dll"),
        ("ingress", "Microservices.Events.Ingress.dll"),
    ];

    /// <summary>The published assembly of service <paramref name="name"/> under <paramref name="publishRoot"/>.</summary>
    /// <exception cref="InvalidOperationException">It is not there; the message ends with <paramref name="howToPublish"/>.</exception>
    public static string Require(string publishRoot, string name, string howToPublish)
    {
        var path = Path.Combine(publishRoot, name, All.Single(s => s.Name == name).Dll);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: {howToPublish}");
    }

    /// <summary>Throws as <see cref="Require"/> when any of the four is not published.</summary>
    public static void RequireAll(string publishRoot, string howToPublish)
    {
        foreach (var (name, _) in All)
        {
            Require(publishRoot, name, howToPublish);
        }
    }
}
