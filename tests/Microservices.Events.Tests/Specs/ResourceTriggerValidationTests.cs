using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Tests.Specs;

/// <summary>k8s and argoWorkflow triggers: Argo's examples load, and every bad field is reported with its path at load.</summary>
public sealed class ResourceTriggerValidationTests
{
    private static string Sensor(string trigger) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata: {"{"}name: s{"}"}
        spec:
          dependencies:
            - {"{"}name: dep, eventSourceName: webhook, eventName: example{"}"}
          triggers:
        {trigger}
        """;

    public static TheoryData<string> ResourceTriggerExamples()
    {
        var names = ExampleNames();
        return names.Count == 0 ? new TheoryData<string>("") : new TheoryData<string>(names);
    }

    private static List<string> ExampleNames()
    {
        var data = new List<string>();
        var root = Path.Combine(RepoPaths.ArgoExamples, "sensors");
        if (Directory.Exists(root))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*.y*ml").Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                if (text.Contains(" k8s:", StringComparison.Ordinal) || text.Contains(" argoWorkflow:", StringComparison.Ordinal))
                {
                    data.Add(Path.GetFileName(file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ResourceTriggerExamples))]
    public void Every_Argo_example_with_a_k8s_or_argoWorkflow_trigger_loads_and_runs_unless_its_source_is_git_or_s3(string name)
    {
        if (name.Length == 0)
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var file = SpecLoader.LoadFile(Path.Combine(RepoPaths.ArgoExamples, "sensors", name));

        Assert.False(file.HasErrors, string.Join("\n", file.AllDiagnostics));
        var unsupported = file.AllDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Unsupported && (d.Path.Contains(".k8s") || d.Path.Contains(".argoWorkflow"))).ToList();
        Assert.All(unsupported, d => Assert.Matches(@"\.source\.git$", d.Path));
    }

    [Fact]
    public void The_examples_that_cannot_run_are_exactly_the_git_sources()
    {
        var root = Path.Combine(RepoPaths.ArgoExamples, "sensors");
        if (!Directory.Exists(root))
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var refused = ExampleNames()
            .SelectMany(name => SpecLoader.LoadFile(Path.Combine(root, name)).AllDiagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Unsupported && (d.Path.Contains(".k8s") || d.Path.Contains(".argoWorkflow")))
                .Select(d => $"{name} {d.Path}"))
            .ToList();

        Assert.Equal(67, ExampleNames().Count);
        Assert.Equal(
        [
            "trigger-source-git.yaml spec.triggers[0].template.k8s.source.git",
            "trigger-source-git.yaml spec.triggers[1].template.k8s.source.git",
            "trigger-source-git.yaml spec.triggers[2].template.k8s.source.git",
        ], refused.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("complete-trigger-parameterization.yaml")]
    [InlineData("context-filter-webhook.yaml")]
    [InlineData("multi-trigger-sensor.yaml")]
    public void The_examples_with_an_s3_source_load_without_errors_or_refusals(string name)
    {
        var path = Path.Combine(RepoPaths.ArgoExamples, "sensors", name);
        if (!File.Exists(path))
        {
            Assert.False(RepoPaths.IsCi, "CI=true but the Argo examples are missing");
            return;
        }

        var file = SpecLoader.LoadFile(path);

        Assert.False(file.HasErrors, string.Join("\n", file.AllDiagnostics));
        Assert.DoesNotContain(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Unsupported && d.Path.Contains(".source", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', bucket: {name: b}, accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.bucket.key", "required")]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', bucket: {key: k}, accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.bucket.name", "required")]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.bucket", "required")]
    [InlineData("k8s: {source: {s3: {bucket: {name: b, key: k}, accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.endpoint", "required")]
    [InlineData("k8s: {source: {s3: {endpoint: 'http://h:9000', bucket: {name: b, key: k}, accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.endpoint", "must be host[:port] without a scheme")]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', bucket: {name: b, key: k}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.accessKey", "required: a secret reference")]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', bucket: {name: b, key: k}, accessKey: {name: s}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.k8s.source.s3.accessKey.key", "required")]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', bucket: {name: b, key: k}, accessKey: {name: s, key: a}}}}", "spec.triggers[0].template.k8s.source.s3.secretKey", "required: a secret reference")]
    [InlineData("k8s: {source: {s3: {endpoint: 'h:9000', bucket: {name: b, key: k}, accessKey: {name: s, key: a}, secretKey: {key: k}}}}", "spec.triggers[0].template.k8s.source.s3.secretKey.name", "required")]
    [InlineData("argoWorkflow: {source: {s3: {endpoint: 'h:9000', bucket: {name: b}, accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}", "spec.triggers[0].template.argoWorkflow.source.s3.bucket.key", "required")]
    [InlineData("k8s: {source: {url: {path: 'http://h/x'}, s3: {endpoint: 'h:9000'}}}", "spec.triggers[0].template.k8s.source", "exactly one of resource, inline, configmap, file, url or s3 is allowed, found url, s3")]
    public void A_bad_s3_source_is_an_error_at_load_naming_its_path(string trigger, string path, string message)
    {
        var file = SpecLoader.Load(Sensor($"    - template:\n        name: t\n        {trigger}"));

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_s3_source_loads_without_findings()
    {
        var file = SpecLoader.Load(Sensor("    - template:\n        name: t\n        k8s: {source: {s3: {endpoint: 'h:9000', insecure: true, region: eu-west-1, bucket: {name: b, key: jobs/job.yaml}, accessKey: {name: s, key: a}, secretKey: {name: s, key: k}}}}"));

        Assert.DoesNotContain(file.AllDiagnostics, d => d.Path.Contains(".source", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("k8s: {operation: apply, source: {resource: {apiVersion: v1, kind: Pod, metadata: {name: p}}}}", "spec.triggers[0].template.k8s.operation", "must be one of create, update, patch, delete")]
    [InlineData("k8s: {operation: patch, patchStrategy: application/json, source: {resource: {apiVersion: v1, kind: Pod, metadata: {name: p}}}}", "spec.triggers[0].template.k8s.patchStrategy", "must be one of application/merge-patch+json")]
    [InlineData("k8s: {operation: create}", "spec.triggers[0].template.k8s.source", "required")]
    [InlineData("k8s: {source: {}}", "spec.triggers[0].template.k8s.source", "one of resource, inline, configmap, file, url or s3 is required")]
    [InlineData("k8s: {source: {resource: {kind: Pod, metadata: {name: p}}}}", "spec.triggers[0].template.k8s.source.resource.apiVersion", "required")]
    [InlineData("k8s: {source: {resource: {apiVersion: v1, kind: Pod}}}", "spec.triggers[0].template.k8s.source.resource.metadata", "name or generateName is required")]
    [InlineData("k8s: {operation: delete, source: {resource: {apiVersion: v1, kind: Pod, metadata: {generateName: p-}}}}", "spec.triggers[0].template.k8s.source.resource.metadata.name", "required: the operation acts on an existing object")]
    [InlineData("k8s: {source: {resource: [1, 2]}}", "spec.triggers[0].template.k8s.source.resource", "must be a Kubernetes object")]
    [InlineData("k8s: {source: {inline: 'a: [b'}}", "spec.triggers[0].template.k8s.source.inline", "is not YAML or JSON")]
    [InlineData("k8s: {source: {configmap: {name: cm}}}", "spec.triggers[0].template.k8s.source.configmap.key", "required")]
    [InlineData("k8s: {source: {file: {}}}", "spec.triggers[0].template.k8s.source.file.path", "required")]
    [InlineData("k8s: {source: {url: {path: 'ftp://host/x.yaml'}}}", "spec.triggers[0].template.k8s.source.url.path", "is not an absolute http(s) URL")]
    [InlineData("k8s: {source: {file: {path: /a}, url: {path: 'http://h/x'}}}", "spec.triggers[0].template.k8s.source", "exactly one of resource, inline, configmap, file, url or s3 is allowed, found file, url")]
    [InlineData("k8s: {operation: patch, patchStrategy: application/json-patch+json, source: {resource: {apiVersion: v1, kind: Pod, metadata: {name: p}}}}", "spec.triggers[0].template.k8s.source.resource.patch", "required with patchStrategy application/json-patch+json")]
    [InlineData("k8s: {source: {resource: {apiVersion: v1, kind: Pod, metadata: {name: p}}}, parameters: [{src: {dependencyName: nope}, dest: x}]}", "spec.triggers[0].template.k8s.parameters[0].src.dependencyName", "unknown dependency \"nope\"")]
    [InlineData("argoWorkflow: {operation: pause, source: {resource: {apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: w}}}}", "spec.triggers[0].template.argoWorkflow.operation", "must be one of submit, submit-from, resubmit, retry, resume, suspend, terminate, stop")]
    [InlineData("argoWorkflow: {operation: submit-from, source: {resource: {apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: w}}}}", "spec.triggers[0].template.argoWorkflow.source.resource.kind", "must be WorkflowTemplate or ClusterWorkflowTemplate or CronWorkflow")]
    [InlineData("argoWorkflow: {operation: suspend, source: {resource: {apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {generateName: w-}}}}", "spec.triggers[0].template.argoWorkflow.source.resource.metadata.name", "required")]
    public void A_bad_field_is_an_error_at_load_naming_its_path(string trigger, string path, string message)
    {
        var file = SpecLoader.Load(Sensor($"    - template:\n        name: t\n        {trigger}"));

        Assert.Contains(file.AllDiagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Path == path && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_backoff_is_checked_and_extra_cli_args_are_a_warning()
    {
        var file = SpecLoader.Load(Sensor("""
                - template:
                    name: t
                    argoWorkflow:
                      args: ["--serviceaccount", "x"]
                      source: {resource: {apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {generateName: w-}}}
                  policy:
                    k8s:
                      labels: {done: "true"}
                      backoff: {duration: soon, steps: -1}
            """));

        Assert.Contains(file.AllDiagnostics, d => d is { Severity: DiagnosticSeverity.Warning, Path: "spec.triggers[0].template.argoWorkflow.args" });
        Assert.Contains(file.AllDiagnostics, d => d is { Severity: DiagnosticSeverity.Error, Path: "spec.triggers[0].policy.k8s.backoff.duration" });
        Assert.Contains(file.AllDiagnostics, d => d is { Severity: DiagnosticSeverity.Error, Path: "spec.triggers[0].policy.k8s.backoff.steps" });
    }

    [Fact]
    public void A_name_set_by_a_parameter_is_enough_for_an_operation_on_an_existing_object()
    {
        var file = SpecLoader.Load(Sensor("""
                - template:
                    name: t
                    k8s:
                      operation: delete
                      source: {resource: {apiVersion: v1, kind: ConfigMap, metadata: {namespace: default}}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.name}
                          dest: metadata.name
            """));

        Assert.Empty(file.AllDiagnostics);
    }
}
