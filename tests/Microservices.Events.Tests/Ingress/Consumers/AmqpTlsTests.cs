using System.Net.Security;
using Microservices.Events.Ingress.Sources.Amqp;
using Microservices.Events.Specs.Sources;

namespace Microservices.Events.Tests.Ingress.Consumers;

/// <summary>The TLS an amqps:// connection gets from the event's tls block.</summary>
public sealed class AmqpTlsTests
{
    [Fact]
    public void With_a_CA_the_server_is_checked_against_it_and_the_host_name()
    {
        using var certificates = TestCertificates.Create();
        var option = AmqpTls.Option("localhost", new ResolvedTls(certificates.CaPem, null, null, InsecureSkipVerify: false));

        Assert.True(option.Enabled);
        Assert.Equal("localhost", option.ServerName);
        Assert.NotNull(option.CertificateValidationCallback);
        Assert.Equal(SslPolicyErrors.None, option.AcceptablePolicyErrors);
        Assert.Null(option.Certs);
    }

    [Fact]
    public void InsecureSkipVerify_accepts_any_server_and_a_client_certificate_is_presented()
    {
        using var certificates = TestCertificates.Create();
        var option = AmqpTls.Option("broker", new ResolvedTls(null, certificates.ServerPem, certificates.ServerKeyPem, InsecureSkipVerify: true));

        Assert.True(option.CertificateValidationCallback!(this, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Single(option.Certs!);
    }
}
