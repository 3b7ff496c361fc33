using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>minio</c> events (bucket notifications through MinIO's listen API).</summary>
public static class MinioValidator
{
    public static void Validate(string path, S3Artifact minio, List<SpecDiagnostic> d)
    {
        if (minio.AccessKey is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.accessKey", "required"));
        }

        if (minio.SecretKey is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.secretKey", "required"));
        }

        if (string.IsNullOrWhiteSpace(minio.Endpoint))
        {
            d.Add(EventSourceValidator.Error($"{path}.endpoint", "required (host:port of the MinIO server)"));
        }
        else if (minio.Endpoint.Contains("://", StringComparison.Ordinal) || minio.Endpoint.Contains('/', StringComparison.Ordinal))
        {
            d.Add(EventSourceValidator.Error($"{path}.endpoint", $"\"{minio.Endpoint}\" must be host:port without a scheme or path (insecure: true selects http)"));
        }

        if (string.IsNullOrWhiteSpace(minio.Bucket?.Name))
        {
            d.Add(EventSourceValidator.Error($"{path}.bucket.name", "required"));
        }

        if (!string.IsNullOrEmpty(minio.Bucket?.Key))
        {
            d.Add(new(DiagnosticSeverity.Warning, $"{path}.bucket.key", "is not used by bucket notifications (as in Argo): select objects with filter.prefix and filter.suffix"));
        }

        for (var i = 0; i < (minio.Events?.Count ?? 0); i++)
        {
            var name = minio.Events![i];
            if (string.IsNullOrWhiteSpace(name))
            {
                d.Add(EventSourceValidator.Error($"{path}.events[{i}]", "is empty"));
            }
            else if (!name.StartsWith("s3:", StringComparison.Ordinal))
            {
                d.Add(EventSourceValidator.Error($"{path}.events[{i}]", $"\"{name}\" is not a bucket event such as s3:ObjectCreated:Put or s3:ObjectRemoved:*"));
            }
        }

        if (minio.CaCertificate is not null)
        {
            d.Add(new(DiagnosticSeverity.Unsupported, $"{path}.caCertificate",
                "a private CA for the MinIO server is not supported here: this event is not consumed; use a certificate the system trusts, or insecure: true for http"));
        }

    }
}
