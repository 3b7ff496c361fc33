namespace Microservices.Events.Semantics.Scripting;

/// <summary>What one Lua run may use: virtual machine instructions, wall-clock time and memory.</summary>
public sealed record LuaLimits
{
    public static readonly LuaLimits Default = new();

    /// <summary>Checked every 1,000 instructions; a run past it stops with an error.</summary>
    public long MaxInstructions { get; init; } = 10_000_000;

    /// <summary>Checked at the same points as <see cref="MaxInstructions"/>, so a single long library call is not cut short.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Memory the script may hold on top of the event it was given.</summary>
    public long MaxMemoryBytes { get; init; } = 32L * 1024 * 1024;
}
