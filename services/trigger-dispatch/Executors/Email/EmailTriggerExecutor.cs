using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Specs.Validation.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Microservices.Events.TriggerDispatch.Executors.Email;

/// <summary>
/// The <c>email</c> trigger: one message per address of <c>to</c> (as Argo sends them), through the SMTP server at
/// <c>host:port</c> with MailKit: TLS at once on port 465, else STARTTLS whenever the server offers it; login with
/// <c>username</c> and the <c>smtpPassword</c> secret when a username is given. An address Argo would not accept is
/// skipped and fails the firing after the others were sent.
/// </summary>
public sealed class EmailTriggerExecutor(SecretResolver secrets, IOptions<EmailOptions> options) : ITriggerExecutor
{
    public string Kind => "email";

    public static void AddServices(IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.TrustedCaFile) || File.Exists(o.TrustedCaFile), $"{EmailOptions.Section}:TrustedCaFile: no such file")
            .ValidateOnStart();
        services.TryAddSingleton<SecretResolver>();
    }

    /// <summary>Everything the validator checks except single recipients, which are skipped as Argo skips them.</summary>
    public IReadOnlyList<string> Validate(TriggerTemplate template) =>
        TriggerKindSpec.Read<EmailTrigger>(template, Kind) is { } email
            ? EmailTriggerValidator.Problems(email).Where(p => !p.Field.StartsWith("to[", StringComparison.Ordinal)).Select(p => p.ToString()).ToList()
            : ["email: missing"];

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var email = TriggerKindSpec.Read<EmailTrigger>(execution.Template, Kind)!;
        string? password;
        try
        {
            password = secrets.Optional("smtpPassword", email.SmtpPassword);
        }
        catch (MissingSecretException ex)
        {
            return TriggerOutcome.Fail(ex.Message);
        }

        var port = email.Port ?? EmailTrigger.DefaultPort;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        using var client = new SmtpClient();
        if (TrustedRoots() is { } roots)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, roots);
        }

        var errors = new List<string>();
        var sent = 0;
        try
        {
            await client.ConnectAsync(email.Host!, port, port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, timeout.Token);
            if (!string.IsNullOrEmpty(email.Username))
            {
                await client.AuthenticateAsync(email.Username, password ?? "", timeout.Token);
            }

            foreach (var address in email.To ?? [])
            {
                if (!EmailTriggerValidator.IsAddress(address))
                {
                    errors.Add($"\"{address}\" is not an email address");
                    continue;
                }

                try
                {
                    await client.SendAsync(Message(email, address), timeout.Token);
                    sent++;
                }
                catch (SmtpCommandException ex)
                {
                    errors.Add($"{address}: {(int)ex.StatusCode} {ex.Message}");
                }
            }

            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            errors.Add($"SMTP {email.Host}:{port} timed out");
        }
        catch (Exception ex) when (ex is AuthenticationException or SmtpCommandException or SmtpProtocolException or SslHandshakeException or ServiceNotConnectedException or IOException or System.Net.Sockets.SocketException)
        {
            errors.Add($"SMTP {email.Host}:{port}: {ex.Message}");
        }

        return errors.Count == 0
            ? TriggerOutcome.Ok($"sent to {sent} recipient(s) through {email.Host}:{port}")
            : TriggerOutcome.Fail($"sent to {sent} of {email.To?.Count ?? 0} recipient(s): {string.Join("; ", errors)}");
    }

    private static MimeMessage Message(EmailTrigger email, string to)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(email.From!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = email.Subject!;
        message.Body = new TextPart("plain") { Text = email.Body! };
        return message;
    }

    private X509Certificate2Collection? TrustedRoots()
    {
        if (string.IsNullOrEmpty(options.Value.TrustedCaFile))
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(options.Value.TrustedCaFile);
        return roots;
    }

    /// <summary>A server certificate the system trusts, or one for the host that chains to a configured CA.</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
