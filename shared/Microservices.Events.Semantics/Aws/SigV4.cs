using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Microservices.Events.Semantics.Aws;

/// <summary>AWS credentials for one request: key id, secret key and, for temporary credentials, a session token.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>The key id only: the secret key and the token never appear in text.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>
/// AWS Signature Version 4: the canonical request (headers lower-cased and sorted, query parameters encoded and
/// sorted), the string to sign, the derived key and the <c>Authorization</c> header. Services other than S3 encode
/// the path's segments twice (<see cref="Authorization"/>); S3 (and MinIO) encode them once and sign the payload hash
/// sent in <c>x-amz-content-sha256</c> (<see cref="S3Authorization"/>).
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The SHA-256 of an empty payload, as <c>x-amz-content-sha256</c> carries it.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <param name="method">e.g. <c>POST</c>.</param>
    /// <param name="pathSegments">The path's segments, not encoded (e.g. a function ARN with its colons).</param>
    /// <param name="headers">Every header to sign, <c>host</c> and <c>x-amz-date</c> among them.</param>
    /// <returns>The value of the <c>Authorization</c> header.</returns>
    public static string Authorization(
        string method, IReadOnlyList<string> pathSegments, IReadOnlyDictionary<string, string> headers, byte[] body,
        AwsCredentials credentials, string region, string service, DateTimeOffset signedAt) =>
        Sign(method, "/" + string.Join('/', pathSegments.Select(s => Encode(Encode(s)))), "", headers, Hex(SHA256.HashData(body)), credentials, region, service, signedAt);

    /// <summary>A request to S3 or MinIO (service <c>s3</c>): path segments encoded once, <paramref name="query"/> signed.</summary>
    /// <param name="payloadHash">The value of <c>x-amz-content-sha256</c> (e.g. <see cref="EmptyPayloadHash"/>, <c>UNSIGNED-PAYLOAD</c>).</param>
    public static string S3Authorization(
        string method, IReadOnlyList<string> pathSegments, IEnumerable<KeyValuePair<string, string>> query, IReadOnlyDictionary<string, string> headers,
        string payloadHash, AwsCredentials credentials, string region, DateTimeOffset signedAt) =>
        Sign(method, "/" + string.Join('/', pathSegments.Select(Encode)), CanonicalQuery(query), headers, payloadHash, credentials, region, "s3", signedAt);

    /// <summary>Query parameters as signed and sent: names and values encoded, sorted by name then value, joined with <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) =>
        string.Join('&', query
            .Select(q => (Name: Encode(q.Key), Value: Encode(q.Value)))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .ThenBy(q => q.Value, StringComparer.Ordinal)
            .Select(q => $"{q.Name}={q.Value}"));

    /// <summary>The <c>x-amz-date</c> form of a time: <c>20150830T123600Z</c>.</summary>
    public static string AmzDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3986 encoding as AWS specifies it: everything but <c>A-Z a-z 0-9 - _ . ~</c> as upper-case %XX of UTF-8.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Sign(
        string method, string canonicalPath, string canonicalQuery, IReadOnlyDictionary<string, string> headers, string payloadHash,
        AwsCredentials credentials, string region, string service, DateTimeOffset signedAt)
    {
        var date = signedAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var canonicalHeaders = headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(' ', h.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', canonicalHeaders.Select(h => h.Name));
        var canonicalRequest = string.Join('\n',
            method,
            canonicalPath,
            canonicalQuery,
            string.Concat(canonicalHeaders.Select(h => $"{h.Name}:{h.Value}\n")),
            signedHeaders,
            payloadHash);
        var stringToSign = string.Join('\n', Algorithm, AmzDate(signedAt), scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
