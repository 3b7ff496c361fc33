using System.Text.RegularExpressions;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Semantics.Aws;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation;

namespace Microservices.Events.Ingress.Sources.Minio;

/// <summary>
/// The <c>minio</c> kind: per event, holds MinIO's ListenBucketNotification stream open (see
/// <see cref="MinioListenRequest"/>) and sends each notification line as one event with Argo's data
/// <c>{notification: [records], metadata}</c>; a stream that ends or fails is opened again with backoff while /health
/// is Degraded. The server filters by <c>events</c>, <c>filter.prefix</c> and <c>filter.suffix</c>. An event the bus
/// refuses is sent again until accepted (the stream is not read meanwhile). The listen API keeps nothing: notifications
/// while ingress is not connected are missed, as in Argo. A line that is not a notification is logged and counted.
/// </summary>
public sealed partial class MinioSource(EdgeServices services, SecretResolver secrets, TimeProvider time, ILogger<MinioSource> logger)
    : ConsumerSourceKind<S3Artifact>(services, logger)
{
    public const string Name = "minio";

    public override string Kind => Name;

    protected override IReadOnlyDictionary<string, S3Artifact>? EventsOf(EventSourceSpec spec) => spec.Minio;

    /// <summary>The load-time findings: an event refused at load (e.g. with <c>caCertificate</c>) is not consumed.</summary>
    protected override IEnumerable<SpecDiagnostic> Check(string path, S3Artifact spec)
    {
        var diagnostics = new List<SpecDiagnostic>();
        MinioValidator.Validate(path, spec, diagnostics);
        return diagnostics;
    }

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, S3Artifact spec, CancellationToken cancellationToken)
    {
        var credentials = new AwsCredentials(Secret(spec.AccessKey, "accessKey"), Secret(spec.SecretKey, "secretKey"), null);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = MinioListenRequest.Create(spec, credentials, time.GetUtcNow());
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var code = ErrorCode().Match(body);
            throw new HttpRequestException($"listening to bucket {spec.Bucket?.Name} failed: {(int)response.StatusCode} {(code.Success ? code.Groups[1].Value : response.ReasonPhrase)}");
        }

        listener.MarkConnected();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            var records = MinioNotification.Records(line, out var problem);
            if (records is null)
            {
                listener.Malformed($"bucket {spec.Bucket?.Name} listen stream line {lineNumber}", problem!);
                continue;
            }

            if (records.Count == 0)
            {
                continue;
            }

            var id = listener.IdFor(MinioNotification.Coordinates(records));
            await listener.DeliverUntilAcceptedAsync(MinioNotification.Data(records, spec.Metadata), id, null, cancellationToken);
        }
    }

    private string Secret(SecretKeySelector? selector, string field) =>
        secrets.Resolve(selector) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{field}: secret {selector?.Name}/{selector?.Key} not found");

    [GeneratedRegex("<Code>([^<]+)</Code>")]
    private static partial Regex ErrorCode();
}
