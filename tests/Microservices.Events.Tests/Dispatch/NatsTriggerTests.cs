using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Tests.Harness;
using NATS.Client.Core;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The nats trigger publishing to a real nats-server, subscribed to by the test.</summary>
public sealed class NatsTriggerTests(NatsFixture nats) : IClassFixture<NatsFixture>
{
    private static Task<ServiceHarness> Start(string triggers, Dictionary<string, string?>? secrets = null) =>
        KindDispatch.StartAsync(KindDispatch.Sensor(triggers), secrets ?? []);

    /// <summary>A subscription on <paramref name="subject"/>, registered at the server before it returns.</summary>
    private static async Task<(NatsConnection Connection, INatsSub<byte[]> Subscription)> Subscribe(string url, string subject, NatsOpts? options = null)
    {
        var connection = new NatsConnection((options ?? NatsOpts.Default) with { Url = url });
        var subscription = await connection.SubscribeCoreAsync<byte[]>(subject);
        await connection.PingAsync();
        return (connection, subscription);
    }

    private static async Task<string> Next(INatsSub<byte[]> subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await subscription.Msgs.ReadAsync(timeout.Token);
        return Encoding.UTF8.GetString(message.Data ?? []);
    }

    [SkippableFact]
    public async Task A_nats_trigger_publishes_the_payload_built_from_parameters_on_its_subject()
    {
        nats.Require();
        var subject = $"events.test.{Guid.NewGuid():N}";
        var (connection, subscription) = await Subscribe(nats.Url, subject);
        await using var _ = connection;
        await using var h = await Start($$"""
                - template:
                    name: publish
                    nats:
                      url: {{nats.Url}}
                      subject: {{subject}}
                      payload:
                        - src: {dependencyName: dep, dataKey: body.file}
                          dest: fileName
                        - src: {dependencyName: dep, dataKey: body.size, useRawData: true}
                          dest: size
            """);

        await h.Bus.Publish(KindDispatch.Request("publish", """{"body":{"file":"a.txt","size":42}}"""));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"fileName":"a.txt","size":42}"""), JsonNode.Parse(await Next(subscription))));
        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal("nats", success.Kind);
        Assert.Contains(subject, success.Detail);
    }

    [SkippableFact]
    public async Task A_url_without_scheme_and_a_subject_set_by_parameters_are_used_as_argo_uses_them()
    {
        nats.Require();
        var subject = $"events.param.{Guid.NewGuid():N}";
        var (connection, subscription) = await Subscribe(nats.Url, subject);
        await using var _ = connection;
        await using var h = await Start($$"""
                - template:
                    name: publish
                    nats:
                      url: 127.0.0.1:{{new Uri(nats.Url).Port}}
                      subject: placeholder
                      payload:
                        - src: {dependencyName: dep, dataKey: body.text}
                          dest: text
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.subject}
                      dest: nats.subject
            """);

        await h.Bus.Publish(KindDispatch.Request("publish", $$"""{"body":{"subject":"{{subject}}","text":"plain text body"} }"""));

        Assert.Equal("""{"text":"plain text body"}""", await Next(subscription));
    }

    [SkippableFact]
    public async Task Token_authentication_reads_the_token_secret_and_a_wrong_token_fails_without_showing_it()
    {
        nats.Require();
        await using var server = await NatsFixture.StartOwnAsync("--auth", "s3cret-token");
        var subject = $"events.auth.{Guid.NewGuid():N}";
        var (connection, subscription) = await Subscribe(server.Url, subject, NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { Token = "s3cret-token" } });
        await using var _ = connection;
        var triggers = $$"""
                - template:
                    name: publish
                    nats:
                      url: {{server.Url}}
                      subject: {{subject}}
                      auth: {token: {name: nats, key: token} }
                      payload:
                        - src: {dependencyName: dep, value: hello}
                          dest: greeting
            """;

        await using (var good = await Start(triggers, new() { ["Secrets:nats:token"] = "s3cret-token" }))
        {
            await good.Bus.Publish(KindDispatch.Request("publish", "{}"));
            Assert.Equal("""{"greeting":"hello"}""", await Next(subscription));
        }

        await using var bad = await Start(triggers, new() { ["Secrets:nats:token"] = "wrong-token-value" });
        await bad.Bus.Publish(KindDispatch.Request("publish", "{}", firing: 2));
        var failed = Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(bad));
        Assert.Contains("publish on", failed.Reason);
        Assert.DoesNotContain("wrong-token-value", failed.Reason);
    }

    [SkippableFact]
    public async Task Nkey_authentication_signs_with_the_seed_of_the_secret()
    {
        nats.Require();
        using var user = NATS.NKeys.KeyPair.CreatePair(NATS.NKeys.PrefixByte.User);
        var config = Path.Combine(Directory.CreateTempSubdirectory("events-nats-conf-").FullName, "nats.conf");
        await File.WriteAllTextAsync(config, $"authorization {{ users = [ {{ nkey: \"{user.GetPublicKey()}\" }} ] }}\n");
        await using var server = await NatsFixture.StartOwnAsync("-c", config);
        var subject = $"events.nkey.{Guid.NewGuid():N}";
        var (connection, subscription) = await Subscribe(server.Url, subject, NatsOpts.Default with { AuthOpts = NatsAuthOpts.Default with { NKey = user.GetPublicKey(), Seed = user.GetSeed() } });
        await using var _ = connection;
        var triggers = $$"""
                - template:
                    name: publish
                    nats:
                      url: {{server.Url}}
                      subject: {{subject}}
                      auth: {nkey: {name: nats, key: seed} }
                      payload: [{src: {dependencyName: dep, value: signed}, dest: via}]
            """;

        await using (var good = await Start(triggers, new() { ["Secrets:nats:seed"] = $"# user seed\n{user.GetSeed()}\n" }))
        {
            await good.Bus.Publish(KindDispatch.Request("publish", "{}"));
            Assert.Equal("""{"via":"signed"}""", await Next(subscription));
        }

        await using var bad = await Start(triggers, new() { ["Secrets:nats:seed"] = "not a seed" });
        await bad.Bus.Publish(KindDispatch.Request("publish", "{}", firing: 2));
        Assert.Equal("auth.nkey: secret \"nats\" key \"seed\" does not hold a user nkey seed (SU…)", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(bad)).Reason);
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    [SkippableFact]
    public async Task Tls_verifies_the_server_with_the_ca_secret_and_fails_without_it()
    {
        nats.Require();
        using var certificates = TestCertificates.Create();
        await using var server = await NatsFixture.StartOwnAsync("--tls", "--tlscert", certificates.ServerFile, "--tlskey", certificates.ServerKeyFile);
        var subject = $"events.tls.{Guid.NewGuid():N}";
        var (connection, subscription) = await Subscribe(server.Url, subject, NatsOpts.Default with { TlsOpts = NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = certificates.CaFile } });
        await using var _ = connection;
        var triggers = $$"""
                - template:
                    name: with-ca
                    nats:
                      url: {{server.Url}}
                      subject: {{subject}}
                      tls: {caCertSecret: {name: nats-tls, key: ca.crt} }
                      payload: [{src: {dependencyName: dep, value: over-tls}, dest: via}]
                - template:
                    name: without-ca
                    nats:
                      url: {{server.Url}}
                      subject: {{subject}}
                      tls: {}
                      payload: [{src: {dependencyName: dep, value: unverified}, dest: via}]
            """;
        await using var h = await Start(triggers, new() { ["Secrets:nats-tls:ca.crt"] = certificates.CaPem });

        await h.Bus.Publish(KindDispatch.Request("with-ca", "{}"));
        Assert.Equal("""{"via":"over-tls"}""", await Next(subscription));
        await h.Bus.Publish(KindDispatch.Request("without-ca", "{}", firing: 2));

        var failed = Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h));
        Assert.Equal("without-ca", failed.Trigger);
        Assert.Contains("publish on", failed.Reason);
    }

    [SkippableFact]
    public async Task A_server_that_does_not_answer_fails_the_firing_with_the_url()
    {
        nats.Require();
        var port = FreePort.Next();
        await using var h = await Start($$"""
                - template:
                    name: publish
                    nats:
                      url: nats://127.0.0.1:{{port}}
                      subject: nowhere
                      payload: [{src: {dependencyName: dep, value: x}, dest: x}]
            """);

        await h.Bus.Publish(KindDispatch.Request("publish", "{}"));

        Assert.Contains($"to nats://127.0.0.1:{port} failed", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h)).Reason);
    }
}
