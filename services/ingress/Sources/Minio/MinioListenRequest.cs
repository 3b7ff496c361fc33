using Microservices.Events.Semantics.Aws;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Minio;

/// <summary>
/// MinIO's ListenBucketNotification call as minio-go makes it: <c>GET {http|https}://{endpoint}/{bucket}</c> with
/// <c>events</c> (one parameter per event type), <c>prefix</c>, <c>suffix</c> and <c>ping=10</c> (a keep-alive line
/// every 10 s), signed with Signature Version 4 for service <c>s3</c> in <c>region</c> (default us-east-1) over an
/// empty payload.
/// </summary>
public static class MinioListenRequest
{
    public const string DefaultRegion = "us-east-1";

    public static HttpRequestMessage Create(S3Artifact spec, AwsCredentials credentials, DateTimeOffset now)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("ping", "10"),
            new("prefix", spec.Filter?.Prefix ?? ""),
            new("suffix", spec.Filter?.Suffix ?? ""),
        };
        query.AddRange((spec.Events ?? []).Select(e => KeyValuePair.Create("events", e)));
        var bucket = spec.Bucket!.Name!;
        var uri = new Uri($"{(spec.Insecure == true ? "http" : "https")}://{spec.Endpoint}/{SigV4.Encode(bucket)}?{SigV4.CanonicalQuery(query)}");
        var region = string.IsNullOrEmpty(spec.Region) ? DefaultRegion : spec.Region;
        var headers = new Dictionary<string, string>
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-content-sha256"] = SigV4.EmptyPayloadHash,
            ["x-amz-date"] = SigV4.AmzDate(now),
        };
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", headers["x-amz-content-sha256"]);
        request.Headers.TryAddWithoutValidation("x-amz-date", headers["x-amz-date"]);
        request.Headers.TryAddWithoutValidation("Authorization", SigV4.S3Authorization("GET", [bucket], query, headers, SigV4.EmptyPayloadHash, credentials, region, now));
        return request;
    }
}
