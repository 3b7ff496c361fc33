namespace Microservices.Events.Ingress.Sources.Github;

/// <summary>Where a hook lives: an organization, or a repository (owner/name).</summary>
public sealed record GithubHookTarget(string? Organization, string? Owner, string? Repository)
{
    public static GithubHookTarget Org(string organization) => new(organization, null, null);

    public static GithubHookTarget Repo(string owner, string name) => new(null, owner, name);

    public override string ToString() => Organization is not null ? $"organization {Organization}" : $"repository {Owner}/{Repository}";
}
