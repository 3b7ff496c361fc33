using Microservices.Events.Specs.Model;
using Microservices.Events.TriggerDispatch;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Executors.ArgoWorkflow;
using Microservices.Events.TriggerDispatch.Executors.Http;
using Microservices.Events.TriggerDispatch.Executors.K8s;
using Microservices.Events.TriggerDispatch.Executors.Log;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>Trigger kinds as plugins: registered by name in one place, each saying whether a resolved template can run.</summary>
public sealed class TriggerExecutorTests
{
    [Fact]
    public void The_registered_trigger_kinds_are_those_trigger_dispatch_runs()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Specs:Directory"] = "unused";
        builder.Configuration["State:Provider"] = "InMemory";
        builder.AddTriggerDispatch();
        using var host = builder.Build();

        Assert.Equal(["argoWorkflow", "awsLambda", "custom", "email", "http", "k8s", "kafka", "log", "nats", "openWhisk", "slack"], host.Services.GetRequiredService<TriggerExecutorRegistry>().Kinds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_kind_name_registered_twice_is_refused()
    {
        var log = new LogTriggerExecutor(TimeProvider.System, NullLogger<LogTriggerExecutor>.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => new TriggerExecutorRegistry([log, log]));
        Assert.Contains("trigger kind \"log\" is registered twice", error.Message);
    }

    [Theory]
    [InlineData("http://example.test/hook", true)]
    [InlineData("relative/hook", false)]
    [InlineData(null, false)]
    public void An_http_template_runs_only_with_an_absolute_url(string? url, bool runs)
    {
        var problems = new HttpTriggerExecutor(null!, null!, null!, null!).Validate(new TriggerTemplate { Name = "t", Http = new HttpTrigger { Url = url } });

        Assert.Equal(runs, problems.Count == 0);
    }

    [Theory]
    [InlineData("create", null, true)]
    [InlineData("apply", null, false)]
    [InlineData("patch", "application/json-patch+json", true)]
    [InlineData("patch", "text/plain", false)]
    public void A_k8s_template_changed_by_parameters_runs_only_with_a_known_operation_and_patch_strategy(string operation, string? strategy, bool runs)
    {
        var template = new TriggerTemplate { Name = "t", K8s = new K8sTrigger { Operation = operation, PatchStrategy = strategy, Source = new ArtifactLocation { Inline = "{}" } } };

        Assert.Equal(runs, new K8sTriggerExecutor(null!, null!, null!, TimeProvider.System).Validate(template).Count == 0);
    }

    [Theory]
    [InlineData("resubmit", true)]
    [InlineData("pause", false)]
    public void An_argoWorkflow_template_changed_by_parameters_runs_only_with_a_known_operation(string operation, bool runs)
    {
        var template = new TriggerTemplate { Name = "t", ArgoWorkflow = new ArgoWorkflowTrigger { Operation = operation, Source = new ArtifactLocation { Inline = "{}" } } };

        Assert.Equal(runs, new ArgoWorkflowTriggerExecutor(null!, null!, null!, TimeProvider.System).Validate(template).Count == 0);
    }
}
