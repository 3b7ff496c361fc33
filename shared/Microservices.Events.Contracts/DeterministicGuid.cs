using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.Contracts;

/// <summary>Name-based GUIDs (RFC 4122 version 5, SHA-1) so ids follow from source coordinates.</summary>
public static class DeterministicGuid
{
    private static readonly Guid Namespace = new("6f1c2a4e-8b0d-5e3f-9a71-2c4d6e8f0a1b");

    public static Guid Create(params string[] parts)
    {
        var name = string.Join('\u001f', parts);
        var nsBytes = Namespace.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[nsBytes.Length + nameBytes.Length];
        nsBytes.CopyTo(buffer, 0);
        nameBytes.CopyTo(buffer, nsBytes.Length);
        var hash = SHA1.HashData(buffer);
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
