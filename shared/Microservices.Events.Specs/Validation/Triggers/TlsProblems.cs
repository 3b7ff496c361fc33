using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>A client TLS block: its secret references are complete, and a client certificate comes with its key.</summary>
public static class TlsProblems
{
    public static IEnumerable<FieldProblem> Of(string field, ClientTls? tls)
    {
        if (tls is null)
        {
            yield break;
        }

        foreach (var (name, secret) in new[] { ("caCertSecret", tls.CaCertSecret), ("clientCertSecret", tls.ClientCertSecret), ("clientKeySecret", tls.ClientKeySecret) })
        {
            foreach (var problem in SecretProblems.Of($"{field}.{name}", secret, required: false))
            {
                yield return problem;
            }
        }

        if ((tls.ClientCertSecret is null) != (tls.ClientKeySecret is null))
        {
            yield return new($"{field}.{(tls.ClientCertSecret is null ? "clientCertSecret" : "clientKeySecret")}", "required: clientCertSecret and clientKeySecret go together");
        }
    }
}
