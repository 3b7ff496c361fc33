namespace Microservices.Events.Testing;

/// <summary>Finds the repository root and the shared Argo example manifests beside it.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Microservices.Events.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Examples => Path.Combine(Root, "examples");

    /// <summary>Argo's example manifests: <c>ARGO_EXAMPLES_DIR</c>, else <c>../shared/argo-examples</c> beside the repository.</summary>
    public static string ArgoExamples =>
        Environment.GetEnvironmentVariable("ARGO_EXAMPLES_DIR") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "argo-examples"));

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
