using Microservices.Events.Testing;

namespace Microservices.Events.Tests.Harness;

/// <summary>The bench's CPU of a server with worker processes: <c>/proc/PID/stat</c> read, and a process tree summed.</summary>
public sealed class ProcessTreeCpuTests
{
    public static TheoryData<string, string, ProcStat?> Lines => new()
    {
        {
            "a plain command name",
            "4242 (postgres) S 4200 4242 4242 0 -1 4194560 1000 0 0 0 150 25 7 3 20 0 1 0 100 0 0",
            new ProcStat(4242, 4200, 185)
        },
        {
            "a name with spaces and parentheses: fields are counted from its last ')'",
            "77 (.NET TP (x) Worker) R 1 77 77 0 -1 0 0 0 0 0 10 20 30 40 20 0 1 0 100 0 0",
            new ProcStat(77, 1, 100)
        },
        { "too few fields", "5 (sh) S 1 5 5 0", null },
        { "no pid", "(sh) S 1 5 5 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 100 0 0", null },
        { "times that are not numbers", "5 (sh) S 1 5 5 0 -1 0 0 0 0 0 x 2 3 4 20 0 1 0 100 0 0", null },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_stat_line_gives_the_parent_and_the_ticks_of_the_process_and_its_reaped_children(string name, string line, ProcStat? expected)
    {
        Assert.Equal(expected, ProcessTreeCpu.Parse(line));
        Assert.NotEmpty(name);
    }

    [Fact]
    public void A_tree_is_the_root_and_every_descendant_and_nothing_else()
    {
        ProcStat[] processes =
        [
            new(1, 0, 1_000),
            new(100, 1, 50), // the server
            new(101, 100, 7), // a worker
            new(102, 100, 3),
            new(103, 101, 2), // a worker's child
            new(200, 1, 500), // another server
            new(201, 200, 60),
        ];

        Assert.Equal(62, ProcessTreeCpu.Sum(processes, 100));
        Assert.Equal(560, ProcessTreeCpu.Sum(processes, 200));
        Assert.Equal(2, ProcessTreeCpu.Sum(processes, 103));
        Assert.Null(ProcessTreeCpu.Sum(processes, 999));
    }

    [Fact]
    public void This_process_is_read_from_proc_as_at_least_the_CPU_it_has_used()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var read = ProcessTreeCpu.Read(Environment.ProcessId);
        Assert.NotNull(read);
        // /proc counts in ticks of 10 ms, and this process goes on using CPU meanwhile.
        Assert.True(read >= used - TimeSpan.FromMilliseconds(20), $"{read} read, {used} used");
    }
}
