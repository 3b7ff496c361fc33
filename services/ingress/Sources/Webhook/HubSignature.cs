using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>
/// The <c>X-Hub-Signature-256</c> / <c>X-Hub-Signature</c> scheme of GitHub and Bitbucket Server: <c>&lt;algorithm&gt;=&lt;hex
/// HMAC of the raw body&gt;</c> with <c>sha256</c>, <c>sha1</c> or <c>sha512</c>, compared in constant time.
/// </summary>
public static class HubSignature
{
    public enum Outcome
    {
        Valid,
        Missing,
        UnknownAlgorithm,
        Mismatch,
    }

    /// <summary>Checks <paramref name="signature"/> (null or empty: missing) against the HMAC of <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static Outcome Verify(string? signature, ReadOnlySpan<byte> body, string secret)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return Outcome.Missing;
        }

        var separator = signature.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
        {
            return Outcome.UnknownAlgorithm;
        }

        var key = Encoding.UTF8.GetBytes(secret);
        byte[] expected;
        switch (signature[..separator])
        {
            case "sha256":
                expected = HMACSHA256.HashData(key, body);
                break;
            case "sha1":
                expected = HMACSHA1.HashData(key, body);
                break;
            case "sha512":
                expected = HMACSHA512.HashData(key, body);
                break;
            default:
                return Outcome.UnknownAlgorithm;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(separator + 1));
        }
        catch (FormatException)
        {
            return Outcome.Mismatch;
        }

        return CryptographicOperations.FixedTimeEquals(given, expected) ? Outcome.Valid : Outcome.Mismatch;
    }

    /// <summary>The header value a sender computes: <c>sha256=&lt;hex&gt;</c> (or another algorithm).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret, string algorithm = "sha256")
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var mac = algorithm switch
        {
            "sha256" => HMACSHA256.HashData(key, body),
            "sha1" => HMACSHA1.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "sha1, sha256 or sha512"),
        };
        return $"{algorithm}={Convert.ToHexStringLower(mac)}";
    }
}
