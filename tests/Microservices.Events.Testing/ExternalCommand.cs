using System.Diagnostics;

namespace Microservices.Events.Testing;

/// <summary>Runs a program or one of the repository's <c>scripts/</c> to its end: its standard output, or an exception with its standard error.</summary>
internal static class ExternalCommand
{
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
}
