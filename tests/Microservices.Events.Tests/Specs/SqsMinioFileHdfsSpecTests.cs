using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>
/// The <c>sqs</c>, <c>minio</c>, <c>file</c> and <c>hdfs</c> kinds at load: Argo's examples load (hdfs refused by name,
/// not "not supported yet"), and a wrong field is an error naming its path.
/// </summary>
public sealed class SqsMinioFileHdfsSpecTests
{
    [Theory]
    [InlineData("aws-sqs.yaml")]
    [InlineData("minio.yaml")]
    [InlineData("file.yaml")]
    public void Argos_example_loads_without_errors_or_refusals(string example)
    {
        var file = SpecLoader.LoadFile(Path.Combine(RepoPaths.ArgoExamples, "event-sources", example));

        var doc = Assert.Single(file.Documents);
        Assert.NotNull(doc.EventSource);
        Assert.DoesNotContain(doc.Diagnostics, d => d.Severity != DiagnosticSeverity.Warning);
    }

    [Fact]
    public void Argos_hdfs_example_loads_and_is_refused_by_name_as_not_run_here()
    {
        var file = SpecLoader.LoadFile(Path.Combine(RepoPaths.ArgoExamples, "event-sources", "hdfs.yaml"));

        var doc = Assert.Single(file.Documents);
        Assert.NotNull(doc.EventSource);
        var refusal = Assert.Single(doc.Diagnostics, d => d.Severity != DiagnosticSeverity.Warning);
        Assert.Equal((DiagnosticSeverity.Unsupported, "spec.hdfs.example"), (refusal.Severity, refusal.Path));
        Assert.Contains("\"hdfs\" is not run here", refusal.Message);
        Assert.DoesNotContain("not supported yet", refusal.Message);
    }

    private static string Source(string kind, string body) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {"{"}name: es{"}"}
        spec:
          {kind}:
            ev:
        {body}
        """;

    [Theory]
    [InlineData("sqs", "      queue: q", "spec.sqs.ev.region", "required")]
    [InlineData("sqs", "      region: us-east-1", "spec.sqs.ev.queue", "required")]
    [InlineData("sqs", "      region: us-east-1\n      queue: q\n      waitTimeSeconds: 21", "spec.sqs.ev.waitTimeSeconds", "outside 0-20")]
    [InlineData("sqs", "      region: us-east-1\n      queue: q\n      endpoint: localhost:4566", "spec.sqs.ev.endpoint", "not an http(s) URL")]
    [InlineData("sqs", "      region: us-east-1\n      queue: q\n      accessKey: {name: s, key: a}", "spec.sqs.ev.secretKey", "required when")]
    [InlineData("sqs", "      region: us-east-1\n      queue: q\n      filter: {expression: 'body.a =='}", "spec.sqs.ev.filter.expression", "does not parse")]
    [InlineData("minio", "      endpoint: m:9000\n      accessKey: {name: s, key: a}\n      secretKey: {name: s, key: b}", "spec.minio.ev.bucket.name", "required")]
    [InlineData("minio", "      bucket: {name: b}\n      accessKey: {name: s, key: a}\n      secretKey: {name: s, key: b}", "spec.minio.ev.endpoint", "required")]
    [InlineData("minio", "      bucket: {name: b}\n      endpoint: http://m:9000\n      accessKey: {name: s, key: a}\n      secretKey: {name: s, key: b}", "spec.minio.ev.endpoint", "without a scheme")]
    [InlineData("minio", "      bucket: {name: b}\n      endpoint: m:9000\n      secretKey: {name: s, key: b}", "spec.minio.ev.accessKey", "required")]
    [InlineData("minio", "      bucket: {name: b}\n      endpoint: m:9000\n      events: [put]\n      accessKey: {name: s, key: a}\n      secretKey: {name: s, key: b}", "spec.minio.ev.events[0]", "not a bucket event")]
    [InlineData("file", "      eventType: CREATE", "spec.file.ev.watchPathConfig", "required")]
    [InlineData("file", "      eventType: create\n      watchPathConfig: {directory: /d, path: x}", "spec.file.ev.eventType", "not one of CREATE, WRITE, REMOVE, RENAME, CHMOD")]
    [InlineData("file", "      eventType: CREATE\n      watchPathConfig: {directory: d, path: x}", "spec.file.ev.watchPathConfig.directory", "absolute")]
    [InlineData("file", "      eventType: CREATE\n      watchPathConfig: {directory: /d}", "spec.file.ev.watchPathConfig.path", "one of path or pathRegexp")]
    [InlineData("file", "      eventType: CREATE\n      watchPathConfig: {directory: /d, path: x, pathRegexp: y}", "spec.file.ev.watchPathConfig.path", "cannot be given together")]
    [InlineData("file", "      eventType: CREATE\n      watchPathConfig: {directory: /d, path: /x}", "spec.file.ev.watchPathConfig.path", "relative")]
    [InlineData("file", "      eventType: CREATE\n      watchPathConfig: {directory: /d, pathRegexp: '(x'}", "spec.file.ev.watchPathConfig.pathRegexp", "does not compile")]
    [InlineData("hdfs", "      directory: /d\n      path: x\n      addresses: [nn:8020]\n      hdfsUser: root", "spec.hdfs.ev.type", "required")]
    [InlineData("hdfs", "      type: CREATE\n      directory: /d\n      path: x\n      hdfsUser: root", "spec.hdfs.ev.addresses", "required")]
    [InlineData("hdfs", "      type: CREATE\n      directory: /d\n      path: x\n      addresses: [nn:8020]", "spec.hdfs.ev.hdfsUser", "required unless")]
    [InlineData("hdfs", "      type: CREATE\n      directory: /d\n      path: x\n      addresses: [nn:8020]\n      hdfsUser: root\n      checkInterval: often", "spec.hdfs.ev.checkInterval", "not a duration")]
    [InlineData("hdfs", "      type: CREATE\n      directory: /d\n      path: x\n      addresses: [nn:8020]\n      krbKeytabSecret: {name: k, key: t}", "spec.hdfs.ev.krbKeytabSecret", "needs krbUsername")]
    public void A_wrong_field_is_an_error_naming_its_path(string kind, string body, string path, string message)
    {
        var file = SpecLoader.Load(Source(kind, body));

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqs", "      region: us-east-1\n      queue: q\n      roleARN: arn:aws:iam::1:role/r", "spec.sqs.ev.roleARN", "needs AWS STS")]
    [InlineData("minio", "      bucket: {name: b}\n      endpoint: m:9000\n      accessKey: {name: s, key: a}\n      secretKey: {name: s, key: b}\n      caCertificate: {name: s, key: ca}", "spec.minio.ev.caCertificate", "not supported here")]
    public void A_field_that_cannot_work_here_is_refused_at_load_with_its_path(string kind, string body, string path, string message)
    {
        var file = SpecLoader.Load(Source(kind, body));

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Unsupported && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }
}
