using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>What a <c>custom</c> trigger needs to reach its server: a <c>host:port</c>, and with <c>secure</c> the certificate to trust.</summary>
public static class CustomTriggerValidator
{
    public static void Validate(TriggerKindCheck check)
    {
        if (check.Bind<CustomTrigger>() is not { } custom)
        {
            return;
        }

        check.Report(Problems(custom));
        check.Parameters("payload", custom.Payload, destRequired: true);
        check.Parameters("parameters", custom.Parameters, destRequired: true);
    }

    public static IReadOnlyList<FieldProblem> Problems(CustomTrigger custom)
    {
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(custom.ServerURL))
        {
            problems.Add(new("serverURL", "required"));
        }
        else if (Address(custom.ServerURL, secure: false) is null)
        {
            problems.Add(new("serverURL", $"\"{custom.ServerURL}\" is not a server address host:port"));
        }

        if (custom.Secure == true && custom.CertSecret is null)
        {
            problems.Add(new("certSecret", "required with secure: true (the certificate that verifies the server)"));
        }

        problems.AddRange(SecretProblems.Of("certSecret", custom.CertSecret, required: false));
        if (!string.IsNullOrEmpty(custom.ServerNameOverride) && Uri.CheckHostName(custom.ServerNameOverride) == UriHostNameType.Unknown)
        {
            problems.Add(new("serverNameOverride", $"\"{custom.ServerNameOverride}\" is not a host name"));
        }

        return problems;
    }

    /// <summary>The gRPC address of <c>host:port</c> (an <c>http(s)://</c> prefix is tolerated), or null when it is not one.</summary>
    public static Uri? Address(string serverUrl, bool secure)
    {
        var hostPort = serverUrl.Contains("://", StringComparison.Ordinal) ? serverUrl[(serverUrl.IndexOf("://", StringComparison.Ordinal) + 3)..] : serverUrl;
        return Uri.TryCreate($"{(secure ? "https" : "http")}://{hostPort.TrimEnd('/')}", UriKind.Absolute, out var uri)
               && uri.Host.Length > 0 && uri.AbsolutePath == "/" && !uri.IsDefaultPort
            ? uri
            : null;
    }
}
