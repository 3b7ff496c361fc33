using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>A secret reference names a secret and a key.</summary>
public static class SecretProblems
{
    public static IEnumerable<FieldProblem> Of(string field, SecretKeySelector? secret, bool required)
    {
        if (secret is null)
        {
            if (required)
            {
                yield return new(field, "required: a secret reference {name, key}");
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(secret.Name))
        {
            yield return new($"{field}.name", "required");
        }

        if (string.IsNullOrWhiteSpace(secret.Key))
        {
            yield return new($"{field}.key", "required");
        }
    }
}
