using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Aws;
using Microservices.Events.Tests.Harness;
using Microservices.Events.TriggerDispatch.Executors.AwsLambda;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The awsLambda trigger against a double of Lambda's Invoke API that checks the signature's shape, the function and the body.</summary>
public sealed class AwsLambdaTriggerTests : IAsyncLifetime
{
    private const string AccessKey = "AKIAEVENTSTEST000001";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEVENTSTEST";
    private const string Role = "arn:aws:iam::123456789012:role/invoker";
    private LambdaApiDouble _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaApiDouble.StartAsync("us-east-1", [AccessKey], new Dictionary<string, Func<JsonNode?, JsonNode?>>
    {
        ["hello"] = input => new JsonObject { ["greeting"] = $"hello {input?["name"]}" },
        ["broken"] = _ => throw new InvalidOperationException("boom"),
    }, roles: [Role]);

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    /// <param name="fields">Lines of the awsLambda spec besides region, keys and payload, unindented.</param>
    /// <param name="extra">Lines of the trigger beside its template, unindented.</param>
    private Task<ServiceHarness> Start(string fields, string accessKey = AccessKey, string extra = "")
    {
        var yaml = """
                - template:
                    name: invoke
                    awsLambda:
                      region: us-east-1
                      accessKey: {name: aws, key: accesskey}
                      secretKey: {name: aws, key: secretkey}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.name}
                          dest: name

            """ + Indent(fields, 10) + "\n" + Indent(extra, 6);
        return KindDispatch.StartAsync(KindDispatch.Sensor(yaml), new Dictionary<string, string?>
        {
            ["Triggers:AwsLambda:ServiceUrl"] = _lambda.ServiceUrl,
            ["Triggers:AwsLambda:StsServiceUrl"] = _lambda.ServiceUrl,
            ["Secrets:aws:accesskey"] = accessKey,
            ["Secrets:aws:secretkey"] = SecretKey,
        });
    }

    private static string Indent(string text, int spaces) => string.Join("\n", text.Split('\n').Select(l => new string(' ', spaces) + l));

    [Fact]
    public async Task An_event_invocation_sends_the_payload_signed_with_the_keys_of_the_secrets()
    {
        await using var h = await Start("functionName: hello\ninvocationType: Event");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"ana"}}"""));

        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal("awsLambda", success.Kind);
        Assert.Contains("status 202", success.Detail);
        var call = Assert.Single(_lambda.Invocations);
        Assert.Equal(("hello", "Event"), (call.Function, call.InvocationType));
        Assert.Equal("""{"name":"ana"}""", call.Body);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/{DateTime.UtcNow:yyyyMMdd}/us-east-1/lambda/aws4_request, SignedHeaders=", call.Headers["Authorization"]);
        Assert.DoesNotContain(SecretKey, string.Join("\n", call.Headers.Values));
    }

    [Fact]
    public async Task A_synchronous_invocation_of_a_function_by_arn_succeeds_and_a_function_error_fails_the_firing()
    {
        await using var h = await Start("functionName: arn:aws:lambda:us-east-1:123456789012:function:hello");
        await using var broken = await Start("functionName: broken");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"bo"}}"""));
        await broken.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"bo"}}""", firing: 2));

        Assert.Contains("(RequestResponse), status 200", Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h)).Detail);
        Assert.Equal("function broken failed (Unhandled): {\"errorMessage\":\"boom\",\"errorType\":\"InvalidOperationException\"}", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(broken)).Reason);
    }

    [Fact]
    public async Task Keys_lambda_does_not_know_fail_with_its_error_and_never_show_the_secret_key()
    {
        await using var h = await Start("functionName: hello", accessKey: "AKIAUNKNOWN000000000");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"x"}}"""));

        var failed = Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h));
        Assert.Equal("invoke hello answered 403: UnrecognizedClientException: The security token included in the request is invalid.", failed.Reason);
        Assert.DoesNotContain(SecretKey, failed.Reason);
    }

    [Fact]
    public async Task An_unknown_function_fails_with_resource_not_found_and_a_status_policy_decides_success()
    {
        await using var h = await Start("functionName: missing");
        await using var dryRun = await Start("functionName: hello\ninvocationType: DryRun", extra: "policy:\n  status: {allow: [200]}");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"x"}}"""));
        await dryRun.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"x"}}""", firing: 2));

        Assert.StartsWith("invoke missing answered 404: ResourceNotFoundException: Function not found", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
        Assert.StartsWith("invoke hello answered 204", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(dryRun)).Reason);
    }

    [Fact]
    public async Task A_role_arn_is_assumed_through_sts_and_its_temporary_credentials_sign_the_invocation()
    {
        await using var h = await Start($"functionName: hello\nroleARN: {Role}");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"ana"}}"""));

        await KindDispatch.Outcomes<TriggerSucceeded>(h);
        Assert.Equal((Role, "events-s-invoke"), Assert.Single(_lambda.AssumedRoles));
        var call = Assert.Single(_lambda.Invocations);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIA", call.Headers["Authorization"]);
        Assert.Contains("x-amz-security-token", call.Headers["Authorization"]);
        Assert.False(string.IsNullOrEmpty(call.Headers["X-Amz-Security-Token"]));
        Assert.Empty(_lambda.Refusals);
    }

    [Fact]
    public async Task A_role_sts_does_not_grant_fails_the_firing_with_stss_error()
    {
        await using var h = await Start("functionName: hello\nroleARN: arn:aws:iam::123456789012:role/other");

        await h.Bus.Publish(KindDispatch.Request("invoke", """{"body":{"name":"ana"}}"""));

        Assert.Equal("roleARN: AssumeRole of arn:aws:iam::123456789012:role/other failed: AccessDenied: User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/other",
            Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
        Assert.Empty(_lambda.Invocations);
    }

    [Fact]
    public void The_signature_matches_the_get_vanilla_case_of_awss_signature_v4_test_suite()
    {
        var authorization = SigV4.Authorization(
            "GET", [], new Dictionary<string, string> { ["Host"] = "example.amazonaws.com", ["X-Amz-Date"] = "20150830T123600Z" }, [],
            new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), "us-east-1", "service",
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero));

        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", authorization);
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f", "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af")]
    [InlineData("a b~", "a%20b~")]
    public void Path_segments_are_encoded_as_aws_specifies(string raw, string encoded) => Assert.Equal(encoded, SigV4.Encode(raw));
}
