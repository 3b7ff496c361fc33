using System.Text;
using Microservices.Events.Contracts;
using Microservices.Events.Tests.Harness;
using MimeKit;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The email trigger sending through a real SMTP server (smtp-server on Node.js) that checks the login and offers STARTTLS.</summary>
public sealed class EmailTriggerTests
{
    private static async Task<SmtpTestServer> Smtp(params string[] options)
    {
        try
        {
            return await SmtpTestServer.StartAsync(options);
        }
        catch (Exception ex) when (!RepoPaths.IsCi)
        {
            Skip.If(true, $"the SMTP test server could not be started: {ex.Message}");
            throw;
        }
    }

    private static Task<ServiceHarness> Start(SmtpTestServer smtp, string extraFields, Dictionary<string, string?> settings) => KindDispatch.StartAsync(KindDispatch.Sensor($$"""
                - template:
                    name: mail
                    email:
                      host: 127.0.0.1
                      port: {{smtp.Port}}
                      from: events@example.com
                      to: [ops@example.com, dev@example.com]
                      subject: Hello There
                      body: placeholder
            {{string.Join("\n", extraFields.Split('\n').Select(l => "          " + l))}}
                  parameters:
                    - src: {dependencyName: dep, dataTemplate: "Hi {{ "{{" }}.Input.body.name{{ "}}" }}, deploy done."}
                      dest: email.body
            """), settings);

    private static MimeMessage Parse(SmtpMessage message) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message.Raw)));

    [SkippableFact]
    public async Task An_email_trigger_logs_in_and_sends_one_message_per_recipient_with_the_parameterised_body()
    {
        await using var smtp = await Smtp("--user", "mailer", "--pass", "smtp-s3cret");
        await using var h = await Start(smtp, "username: mailer\nsmtpPassword: {name: smtp, key: password}", new() { ["Secrets:smtp:password"] = "smtp-s3cret" });

        await h.Bus.Publish(KindDispatch.Request("mail", """{"body":{"name":"Obi"}}"""));

        var success = Assert.Single(await KindDispatch.Outcomes<TriggerSucceeded>(h));
        Assert.Equal("email", success.Kind);
        Assert.StartsWith("sent to 2 recipient(s)", success.Detail);
        var messages = smtp.Messages();
        Assert.Equal([["ops@example.com"], ["dev@example.com"]], messages.Select(m => m.To));
        Assert.All(messages, m => Assert.Equal(("events@example.com", "mailer"), (m.From, m.User)));
        var mail = Parse(messages[0]);
        Assert.Equal("Hello There", mail.Subject);
        Assert.Equal("Hi Obi, deploy done.", mail.TextBody?.Trim());
        Assert.Equal("ops@example.com", mail.To.Mailboxes.Single().Address);
    }

    [SkippableFact]
    public async Task A_wrong_password_fails_with_the_servers_answer_and_never_shows_the_password()
    {
        await using var smtp = await Smtp("--user", "mailer", "--pass", "smtp-s3cret");
        await using var h = await Start(smtp, "username: mailer\nsmtpPassword: {name: smtp, key: password}", new() { ["Secrets:smtp:password"] = "not-the-password" });

        await h.Bus.Publish(KindDispatch.Request("mail", """{"body":{"name":"Obi"}}"""));

        var failed = Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(h));
        Assert.StartsWith($"sent to 0 of 2 recipient(s): SMTP 127.0.0.1:{smtp.Port}:", failed.Reason);
        Assert.Contains("Authentication credentials invalid", failed.Reason);
        Assert.DoesNotContain("not-the-password", failed.Reason);
        Assert.Empty(smtp.Messages());
    }

    [SkippableFact]
    public async Task Starttls_is_used_when_offered_and_the_server_is_verified_with_the_trusted_ca()
    {
        using var certificates = TestCertificates.Create();
        await using var smtp = await Smtp("--user", "mailer", "--pass", "pw", "--cert", certificates.ServerFile, "--key", certificates.ServerKeyFile);
        var login = "username: mailer\nsmtpPassword: {name: smtp, key: password}";
        await using (var untrusted = await Start(smtp, login, new() { ["Secrets:smtp:password"] = "pw" }))
        {
            await untrusted.Bus.Publish(KindDispatch.Request("mail", """{"body":{"name":"A"}}"""));
            Assert.StartsWith("sent to 0 of 2 recipient(s)", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(untrusted)).Reason);
        }

        await using var trusted = await Start(smtp, login, new() { ["Secrets:smtp:password"] = "pw", ["Triggers:Email:TrustedCaFile"] = certificates.CaFile });
        await trusted.Bus.Publish(KindDispatch.Request("mail", """{"body":{"name":"B"}}""", firing: 2));

        await KindDispatch.Outcomes<TriggerSucceeded>(trusted);
        Assert.All(smtp.Messages(), m => Assert.True(m.Secure));
        Assert.Equal(2, smtp.Messages().Count);
    }

    [SkippableFact]
    public async Task A_recipient_argo_would_not_accept_is_skipped_and_fails_the_firing_after_the_others_are_sent()
    {
        await using var smtp = await Smtp();
        await using var h = await Start(smtp, "", []);

        await h.Bus.Publish(KindDispatch.Request("mail", """{"body":{"name":"C","to":"not an address"}}"""));
        await using var withBadRecipient = await KindDispatch.StartAsync(KindDispatch.Sensor($$"""
                - template:
                    name: mail
                    email: {host: 127.0.0.1, port: {{smtp.Port}}, from: a@example.com, to: [x@example.com], subject: s, body: b}
                  parameters:
                    - src: {dependencyName: dep, dataKey: body.to}
                      dest: email.to.-1
            """), new Dictionary<string, string?>());
        await withBadRecipient.Bus.Publish(KindDispatch.Request("mail", """{"body":{"to":"not an address"}}""", firing: 2));

        await KindDispatch.Outcomes<TriggerSucceeded>(h);
        Assert.Equal("sent to 1 of 2 recipient(s): \"not an address\" is not an email address", Assert.Single(await KindDispatch.Outcomes<TriggerFailed>(withBadRecipient)).Reason);
        Assert.Equal(3, smtp.Messages().Count);
    }
}
