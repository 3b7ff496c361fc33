using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Microservices.Events.Testing;

/// <summary>
/// What an AWS service checks of a Signature Version 4 request before the signature itself (which needs the secret
/// key): an <c>Authorization</c> header of the right form, an <c>X-Amz-Date</c> within 5 minutes, a credential scope of
/// that date, the region and the service, and <c>host</c> and <c>x-amz-date</c> among the sorted, lower-case signed headers.
/// </summary>
public static partial class AwsSignatureHeaders
{
    /// <summary>The error type and message the service answers, or null with the access key and the signed headers.</summary>
    public static (string Type, string Message)? Check(HttpRequest request, string region, string service, out string accessKey, out IReadOnlyList<string> signedHeaders)
    {
        accessKey = "";
        signedHeaders = [];
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var header = AuthorizationHeader().Match(authorization);
        if (!header.Success)
        {
            return ("IncompleteSignatureException", $"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization={authorization.Split(' ')[0]}");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return ("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if ((DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return ("InvalidSignatureException", "Signature expired");
        }

        if (header.Groups["date"].Value != amzDate[..8] || header.Groups["region"].Value != region || header.Groups["service"].Value != service)
        {
            return ("InvalidSignatureException", $"Credential should be scoped to a valid region and service, {amzDate[..8]}/{region}/{service}/aws4_request");
        }

        var signed = header.Groups["signed"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date") || signed.Any(s => s != s.ToLowerInvariant()) || !signed.SequenceEqual(signed.Order(StringComparer.Ordinal)))
        {
            return ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
        }

        accessKey = header.Groups["key"].Value;
        signedHeaders = signed;
        return null;
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]{4,128})/(?<date>\\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationHeader();
}
