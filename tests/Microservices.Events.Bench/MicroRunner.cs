using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Microservices.Events.Bench;

/// <summary><c>--micro</c>: the BenchmarkDotNet set, short runs in this process (no generated project to build).</summary>
public static class MicroRunner
{
    public static void Run(IReadOnlyList<string> args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.GetFullPath(Path.Combine("artifacts", "bench", "micro")));
        BenchmarkRunner.Run<MicroBenchmarks>(config, [.. args]);
    }
}
