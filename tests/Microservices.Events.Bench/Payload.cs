using System.Text;

namespace Microservices.Events.Bench;

/// <summary>The body every load generator sends: a sequence number and padding to a fixed size.</summary>
public static class Payload
{
    public const int Size = 256;

    public static byte[] For(int n)
    {
        var head = $"{{\"n\":{n},\"pad\":\"";
        var pad = new string('x', Size - head.Length - 2);
        return Encoding.UTF8.GetBytes(head + pad + "\"}");
    }
}
