using System.Text;
using Microservices.Events.Ingress.Sources.Webhook;

namespace Microservices.Events.Tests.Ingress;

/// <summary>The X-Hub-Signature(-256) check of GitHub and Bitbucket Server.</summary>
public sealed class HubSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"zen":"Keep it logically awesome."}""");

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha1")]
    [InlineData("sha512")]
    public void A_signature_made_with_the_secret_is_valid(string algorithm) =>
        Assert.Equal(HubSignature.Outcome.Valid, HubSignature.Verify(HubSignature.Sign(Body, "s3cret", algorithm), Body, "s3cret"));

    [Fact]
    public void The_sha256_header_is_the_hex_hmac_of_the_raw_body() =>
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("s3cret"u8, Body)), HubSignature.Sign(Body, "s3cret"));

    [Theory]
    [InlineData(null, HubSignature.Outcome.Missing)]
    [InlineData("", HubSignature.Outcome.Missing)]
    [InlineData("md5=abcd", HubSignature.Outcome.UnknownAlgorithm)]
    [InlineData("no-separator", HubSignature.Outcome.UnknownAlgorithm)]
    [InlineData("sha256=zz", HubSignature.Outcome.Mismatch)]
    [InlineData("sha256=00", HubSignature.Outcome.Mismatch)]
    public void A_missing_unknown_or_wrong_signature_is_refused(string? signature, HubSignature.Outcome expected) =>
        Assert.Equal(expected, HubSignature.Verify(signature, Body, "s3cret"));

    [Fact]
    public void A_signature_made_with_another_secret_or_over_another_body_is_a_mismatch()
    {
        Assert.Equal(HubSignature.Outcome.Mismatch, HubSignature.Verify(HubSignature.Sign(Body, "other"), Body, "s3cret"));
        Assert.Equal(HubSignature.Outcome.Mismatch, HubSignature.Verify(HubSignature.Sign("{}"u8, "s3cret"), Body, "s3cret"));
    }
}
