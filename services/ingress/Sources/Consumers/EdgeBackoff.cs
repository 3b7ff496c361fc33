namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>The wait before attempt <c>retry + 1</c> of a reconnect or a redelivery: 1 s, 2 s, 4 s, … at most 30 s (pure).</summary>
public static class EdgeBackoff
{
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    public static TimeSpan Delay(int retry) =>
        retry >= 5 ? Max : TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, 1 << Math.Max(retry, 0)));
}
