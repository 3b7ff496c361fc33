using System.Text.RegularExpressions;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What an <c>email</c> trigger needs to send: an SMTP host and port, a sender, recipients Argo accepts, a subject and a body.</summary>
public static partial class EmailTriggerValidator
{
    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<EmailTrigger>() is not { } email)
        {
            return;
        }

        check.Report(Problems(email));
        check.Parameters("parameters", email.Parameters, destRequired: true);
    }

    public static IReadOnlyList<FieldProblem> Problems(EmailTrigger email)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(email.Host))
        {
            problems.Add(new("host", "required"));
        }
        else if (Uri.CheckHostName(email.Host) == UriHostNameType.Unknown)
        {
            problems.Add(new("host", $"\"{email.Host}\" is not a host name or address"));
        }

        if (email.Port is { } port and not (> 0 and < 65536))
        {
            problems.Add(new("port", $"{port} is not a port (1 to 65535)"));
        }

        if (email.To is not { Count: > 0 })
        {
            problems.Add(new("to", "required: at least one address"));
        }
        else
        {
            for (var i = 0; i < email.To.Count; i++)
            {
                if (!IsAddress(email.To[i]))
                {
                    problems.Add(new($"to[{i}]", $"\"{email.To[i]}\" is not an email address"));
                }
            }
        }

        if (string.IsNullOrEmpty(email.From))
        {
            problems.Add(new("from", "required"));
        }
        else if (!IsAddress(email.From))
        {
            problems.Add(new("from", $"\"{email.From}\" is not an email address"));
        }

        foreach (var (field, value) in new[] { ("subject", email.Subject), ("body", email.Body) })
        {
            if (string.IsNullOrEmpty(value))
            {
                problems.Add(new(field, "required"));
            }
        }

        problems.AddRange(SecretProblems.Of("smtpPassword", email.SmtpPassword, required: false));
        if (email.SmtpPassword is not null && string.IsNullOrEmpty(email.Username))
        {
            problems.Add(new("username", "required with smtpPassword"));
        }

        return problems;
    }

    /// <summary>The address check Argo applies to recipients.</summary>
    public static bool IsAddress(string? address) => address is not null && AddressPattern().IsMatch(address);

    [GeneratedRegex(@"^[\w\-\.]+@([\w-]+\.)+[\w-]{2,4}$")]
    private static partial Regex AddressPattern();
}
