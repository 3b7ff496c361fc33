namespace Microservices.Events.Specs.Model;

/// <summary>Argo's BasicAuth of a broker client: a user name and a password, each read from a secret.</summary>
public sealed record BasicAuth
{
    public SecretKeySelector? Username { get; init; }
    public SecretKeySelector? Password { get; init; }
}
