using System.Diagnostics;

namespace Microservices.Events.Testing;

/// <summary>Runs a program or one of the repository's <c>scripts/</c> to its end: its standard output, or an exception with its standard error.</summary>
internal static class ExternalCommand
{
    public static Task<string> RunAsync(string file, params string[] args) => RunAsync(file, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, string[])"/>, with <paramref name="environment"/> set over the inherited variables.</summary>
    public static async Task<string> RunAsync(string file, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    public static Task<string> ScriptAsync(string script, params string[] args) =>
        RunAsync(Path.Combine(RepoPaths.Root, "scripts", script), args);

    public static Task<string> ScriptAsync(string script, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(Path.Combine(RepoPaths.Root, "scripts", script), environment, args);
}
