using Microservices.Events.Testing;
using Microservices.Events.Testing.Kubernetes;
using static Microservices.Events.Tests.Dispatch.ResourceTriggerHarness;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The k8s and argoWorkflow triggers reading their object from <c>source.s3</c> on a real S3 API (s3rver), against the Kubernetes API double.</summary>
public sealed class K8sS3SourceTests : IAsyncLifetime
{
    private const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata: {generateName: from-s3-}
        spec:
          template:
            spec:
              containers: [{name: main, image: busybox, args: [placeholder]}]
        """;

    private KubernetesApiDouble _api = null!;
    private S3TestServer _s3 = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiDouble.StartAsync();
        _s3 = await S3TestServer.StartAsync(new Dictionary<string, string>
        {
            ["workflows/jobs/hello.yaml"] = Job,
            ["workflows/argo/hello.yaml"] = "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {generateName: hello-, namespace: argo}, spec: {entrypoint: main}}",
            ["workflows/jobs/hello.json"] = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"from-json"},"data":{"a":"1"}}""",
        });
    }

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        await _api.DisposeAsync();
    }

    private string Trigger(string name, string key) => $$"""
            - template:
                name: {{name}}
                k8s:
                  operation: create
                  source:
                    s3:
                      endpoint: "{{_s3.Endpoint}}"
                      insecure: true
                      bucket: {name: workflows, key: {{key}}}
                      accessKey: {name: minio, key: accesskey}
                      secretKey: {name: minio, key: secretkey}
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.message}
                      dest: spec.template.spec.containers.0.args.0
        """;

    private static Dictionary<string, string?> Keys(string access, string secret) => new()
    {
        ["Secrets:minio:accesskey"] = access,
        ["Secrets:minio:secretkey"] = secret,
    };

    [Fact]
    public async Task Create_makes_the_object_read_from_s3_with_parameters_applied()
    {
        await using var h = await StartAsync(_api, Sensor(Trigger("from-s3", "jobs/hello.yaml")), settings: Keys(S3TestServer.AccessKey, S3TestServer.SecretKey));

        await h.Bus.Publish(Request("from-s3", """{"message":"hello from s3"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var job = Assert.Single(_api.Store.List(_api.Type("batch/v1", "Job"), "default").Items);
        Assert.StartsWith("from-s3-", job["metadata"]!["name"]!.ToString());
        Assert.Equal("hello from s3", job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]![0]!.ToString());
    }

    [Fact]
    public async Task Trigger_level_parameters_choose_the_object_from_the_event()
    {
        await using var h = await StartAsync(_api, Sensor(Trigger("chosen", "placeholder.yaml") + """

                  parameters:
                    - src: {dependencyName: dep, dataKey: body.key}
                      dest: k8s.source.s3.bucket.key
            """), settings: Keys(S3TestServer.AccessKey, S3TestServer.SecretKey));

        await h.Bus.Publish(Request("chosen", """{"key":"jobs/hello.yaml","message":"chosen by the event"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var job = Assert.Single(_api.Store.List(_api.Type("batch/v1", "Job"), "default").Items);
        Assert.Equal("chosen by the event", job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]![0]!.ToString());
    }

    [Fact]
    public async Task Argo_workflow_submit_reads_the_workflow_from_s3()
    {
        await using var h = await StartAsync(_api, Sensor($$"""
                - template:
                    name: submit
                    argoWorkflow:
                      operation: submit
                      source:
                        s3:
                          endpoint: "{{_s3.Endpoint}}"
                          insecure: true
                          bucket: {name: workflows, key: argo/hello.yaml}
                          accessKey: {name: minio, key: accesskey}
                          secretKey: {name: minio, key: secretkey}
            """), settings: Keys(S3TestServer.AccessKey, S3TestServer.SecretKey));

        await h.Bus.Publish(Request("submit", "{}"));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var workflow = Assert.Single(_api.Store.List(_api.Type("argoproj.io/v1alpha1", "Workflow"), "argo").Items);
        Assert.Matches("^hello-[a-z0-9]{5}$", workflow["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task A_json_object_in_s3_is_read_as_well()
    {
        await using var h = await StartAsync(_api, Sensor($$"""
                - template:
                    name: json
                    k8s:
                      source:
                        s3:
                          endpoint: "{{_s3.Endpoint}}"
                          insecure: true
                          bucket: {name: workflows, key: jobs/hello.json}
                          accessKey: {name: minio, key: accesskey}
                          secretKey: {name: minio, key: secretkey}
            """), settings: Keys(S3TestServer.AccessKey, S3TestServer.SecretKey));

        await h.Bus.Publish(Request("json", "{}"));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var map = Assert.Single(_api.Store.List(_api.Type("v1", "ConfigMap"), "default").Items);
        Assert.Equal("from-json", map["metadata"]!["name"]!.ToString());
    }

    [Fact]
    public async Task A_missing_key_fails_the_firing_with_the_s3_error()
    {
        await using var h = await StartAsync(_api, Sensor(Trigger("missing", "jobs/nope.yaml")), settings: Keys(S3TestServer.AccessKey, S3TestServer.SecretKey));

        await h.Bus.Publish(Request("missing", """{"message":"x"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.False(success);
        Assert.Contains("source.s3 workflows/jobs/nope.yaml", detail);
        Assert.Contains("NoSuchKey", detail);
        Assert.Empty(_api.Store.List(_api.Type("batch/v1", "Job"), "default").Items);
    }

    /// <summary>s3rver checks the access key but not version 4 signatures, so a wrong secret key alone is accepted by it.</summary>
    [Fact]
    public async Task Wrong_credentials_fail_with_the_s3_error_and_never_show_the_secret()
    {
        await using var h = await StartAsync(_api, Sensor(Trigger("denied", "jobs/hello.yaml")), settings: Keys("WRONGACCESSKEY", "wrong-secret-value"));

        await h.Bus.Publish(Request("denied", """{"message":"x"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.False(success);
        Assert.Contains("source.s3 workflows/jobs/hello.yaml", detail);
        Assert.Contains("InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.", detail);
        Assert.DoesNotContain("wrong-secret-value", detail);
        Assert.Empty(_api.Store.List(_api.Type("batch/v1", "Job"), "default").Items);
    }

    [Fact]
    public async Task A_missing_secret_fails_the_firing_naming_the_reference()
    {
        await using var h = await StartAsync(_api, Sensor(Trigger("no-secret", "jobs/hello.yaml")));

        await h.Bus.Publish(Request("no-secret", """{"message":"x"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.False(success);
        Assert.Contains("source.s3.accessKey: secret \"minio\" has no key \"accesskey\"", detail);
    }
}
