using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>
/// Load-time checks of an http trigger's <c>tls</c>, <c>basicAuth</c> and <c>secureHeaders</c>: every reference names
/// a secret (or config map) and a key; a client certificate comes with its key; a secure header has a name and exactly
/// one source. Whether the secrets exist is known only when the trigger runs.
/// </summary>
public static class HttpTriggerSecurityValidator
{
    public static IEnumerable<SpecDiagnostic> Validate(string hp, HttpTrigger http)
    {
        var d = new List<SpecDiagnostic>();
        if (http.Tls is { } tls)
        {
            Reference(d, $"{hp}.tls.caCertSecret", tls.CaCertSecret, required: false);
            Reference(d, $"{hp}.tls.clientCertSecret", tls.ClientCertSecret, required: tls.ClientKeySecret is not null);
            Reference(d, $"{hp}.tls.clientKeySecret", tls.ClientKeySecret, required: tls.ClientCertSecret is not null);
        }

        if (http.BasicAuth is { } basic)
        {
            Reference(d, $"{hp}.basicAuth.username", basic.Username, required: false);
            Reference(d, $"{hp}.basicAuth.password", basic.Password, required: false);
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (http.SecureHeaders?.Count ?? 0); i++)
        {
            var path = $"{hp}.secureHeaders[{i}]";
            var header = http.SecureHeaders![i];
            if (header is null)
            {
                d.Add(Error(path, "required: {name, valueFrom}"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(header.Name))
            {
                d.Add(Error($"{path}.name", "required"));
            }
            else if (!IsToken(header.Name))
            {
                d.Add(Error($"{path}.name", $"\"{header.Name}\" is not a valid header name"));
            }
            else if (!names.Add(header.Name))
            {
                d.Add(Warning($"{path}.name", $"header \"{header.Name}\" is set twice; the last one wins"));
            }

            var source = header.ValueFrom;
            if (source is null || (source.SecretKeyRef is null && source.ConfigMapKeyRef is null))
            {
                d.Add(Error($"{path}.valueFrom", "required: secretKeyRef or configMapKeyRef"));
            }
            else if (source.SecretKeyRef is not null && source.ConfigMapKeyRef is not null)
            {
                d.Add(Error($"{path}.valueFrom", "only one of secretKeyRef and configMapKeyRef"));
            }
            else
            {
                Reference(d, $"{path}.valueFrom.secretKeyRef", source.SecretKeyRef, required: false);
                Reference(d, $"{path}.valueFrom.configMapKeyRef", source.ConfigMapKeyRef, required: false);
            }
        }

        for (var i = 0; i < (http.DynamicHeaders?.Count ?? 0); i++)
        {
            if (http.DynamicHeaders![i]?.Dest is { Length: > 0 } dest && !IsToken(dest))
            {
                d.Add(Error($"{hp}.dynamicHeaders[{i}].dest", $"\"{dest}\" is not a valid header name"));
            }
        }

        return d;
    }

    private static void Reference(List<SpecDiagnostic> d, string path, SecretKeySelector? reference, bool required)
    {
        if (reference is null)
        {
            if (required)
            {
                d.Add(Error(path, "required: a reference {name, key}"));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(reference.Name))
        {
            d.Add(Error($"{path}.name", "required"));
        }

        if (string.IsNullOrWhiteSpace(reference.Key))
        {
            d.Add(Error($"{path}.key", "required"));
        }
    }

    /// <summary>An RFC 9110 token: what a header name may be.</summary>
    public static bool IsToken(string name) => name.Length > 0 && name.All(c => c is > ' ' and < (char)127 && !"\"(),/:;<=>?@[\\]{}".Contains(c));

    private static SpecDiagnostic Error(string path, string message) => new(DiagnosticSeverity.Error, path, message);

    private static SpecDiagnostic Warning(string path, string message) => new(DiagnosticSeverity.Warning, path, message);
}
