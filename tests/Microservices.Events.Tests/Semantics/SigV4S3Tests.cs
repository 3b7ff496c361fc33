using Microservices.Events.Semantics.Aws;

namespace Microservices.Events.Tests.Semantics;

/// <summary>Signature Version 4 for S3 requests, against the worked examples of AWS's S3 signing documentation.</summary>
public sealed class SigV4S3Tests
{
    private static readonly AwsCredentials Example = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset At = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_get_object_request_is_signed_as_in_the_s3_example()
    {
        var authorization = SigV4.S3Authorization("GET", ["test.txt"], [], new Dictionary<string, string>
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["Range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = SigV4.EmptyPayloadHash,
            ["x-amz-date"] = "20130524T000000Z",
        }, SigV4.EmptyPayloadHash, Example, "us-east-1", At);

        Assert.Equal("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", authorization);
    }

    [Theory]
    [InlineData("max-keys=2,prefix=J", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")]
    [InlineData("lifecycle=", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")]
    public void Query_parameters_are_signed_sorted_and_encoded_as_in_the_s3_examples(string query, string signature)
    {
        var parameters = query.Split(',').Select(p => p.Split('=')).Select(p => KeyValuePair.Create(p[0], p[1])).Reverse();
        var authorization = SigV4.S3Authorization("GET", [], parameters, new Dictionary<string, string>
        {
            ["Host"] = "examplebucket.s3.amazonaws.com",
            ["x-amz-content-sha256"] = SigV4.EmptyPayloadHash,
            ["x-amz-date"] = "20130524T000000Z",
        }, SigV4.EmptyPayloadHash, Example, "us-east-1", At);

        Assert.EndsWith($"Signature={signature}", authorization);
    }

    [Fact]
    public void The_canonical_query_sorts_by_name_then_value_and_encodes_both() =>
        Assert.Equal("events=s3%3AObjectCreated%3A%2A&events=s3%3AObjectRemoved%3ADelete&ping=10&prefix=&suffix=.txt",
            SigV4.CanonicalQuery([new("suffix", ".txt"), new("events", "s3:ObjectRemoved:Delete"), new("prefix", ""), new("ping", "10"), new("events", "s3:ObjectCreated:*")]));
}
