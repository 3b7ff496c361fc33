using System.Globalization;

namespace Microservices.Events.Testing;

/// <summary>One process as <c>/proc/PID/stat</c> describes it: its parent and the CPU it and its reaped children used.</summary>
/// <param name="Ticks">utime + stime + cutime + cstime, in clock ticks.</param>
public readonly record struct ProcStat(int Pid, int ParentPid, long Ticks);

/// <summary>
/// CPU time of a process and all its descendants on Linux (a server with worker processes: PostgreSQL's backends,
/// RabbitMQ's port programs), from <c>/proc</c>. A child that exited and was reaped is counted in its parent's
/// cutime/cstime, so the total only grows while the tree lives and two readings give the CPU used between them.
/// </summary>
public static class ProcessTreeCpu
{
    /// <summary>Clock ticks per second of <c>/proc</c>'s times (USER_HZ, 100 on Linux's user-space ABI).</summary>
    public const int TicksPerSecond = 100;

    /// <summary>The CPU time of <paramref name="rootPid"/>'s tree now; null when it is not running or there is no <c>/proc</c>.</summary>
    public static TimeSpan? Read(int rootPid)
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        var stats = new List<ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                if (Parse(File.ReadAllText(Path.Combine(directory, "stat"))) is { } stat)
                {
                    stats.Add(stat);
                }
            }
            catch (IOException)
            {
                // It exited meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return Sum(stats, rootPid) is { } ticks ? TimeSpan.FromSeconds((double)ticks / TicksPerSecond) : null;
    }

    /// <summary>
    /// One <c>/proc/PID/stat</c> line; null when it does not parse. The command name (field 2, in parentheses) may hold
    /// spaces and parentheses itself, so the fields after it are counted from its last <c>)</c>.
    /// </summary>
    public static ProcStat? Parse(string line)
    {
        var open = line.IndexOf('(');
        var close = line.LastIndexOf(')');
        if (open < 1 || close < open || !int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        // After ")": state (field 3), ppid (4), ... utime (14), stime (15), cutime (16), cstime (17).
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 15 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
        {
            return null;
        }

        long ticks = 0;
        for (var i = 11; i <= 14; i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            ticks += value;
        }

        return new ProcStat(pid, parent, ticks);
    }

    /// <summary>The ticks of <paramref name="rootPid"/> and every process descended from it; null when it is not among them.</summary>
    public static long? Sum(IReadOnlyCollection<ProcStat> processes, int rootPid)
    {
        var byPid = new Dictionary<int, ProcStat>();
        foreach (var process in processes)
        {
            byPid.TryAdd(process.Pid, process);
        }

        if (!byPid.ContainsKey(rootPid))
        {
            return null;
        }

        var children = processes.ToLookup(p => p.ParentPid);
        var total = 0L;
        var pending = new Stack<int>([rootPid]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid))
            {
                continue;
            }

            total += byPid[pid].Ticks;
            foreach (var child in children[pid])
            {
                pending.Push(child.Pid);
            }
        }

        return total;
    }
}
