using System.Text.Json.Nodes;
using Microservices.Events.Kubernetes.Specs;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Tests.Specs;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Kubernetes;

/// <summary>
/// Every Argo example EventSource and Sensor, as the API server would hand it back after <c>kubectl apply</c> (JSON,
/// with a namespace, uid, resourceVersion, generation, managedFields, kubectl's last-applied annotation and a status),
/// loads to the same findings as the file itself.
/// </summary>
public sealed class ArgoExamplesAsResourcesTests
{
    public static TheoryData<string> ExampleFiles() => ArgoExamplesTests.ExampleFiles();

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void An_Argo_example_applied_as_a_resource_loads_as_its_file_does(string relativePath)
    {
        if (relativePath.Length == 0)
        {
            return;
        }

        var path = Path.Combine(RepoPaths.ArgoExamples, relativePath);
        var fromFile = SpecLoader.LoadFile(path);
        var roots = YamlJson.ParseDocuments(File.ReadAllText(path));

        foreach (var (root, index) in roots.Select((r, i) => (r, i)).Where(x => x.r is JsonObject o && o["kind"]?.GetValue<string>() is "EventSource" or "Sensor"))
        {
            var resource = JsonNode.Parse(root!.ToJsonString())!.AsObject();
            var metadata = resource["metadata"] as JsonObject ?? new JsonObject();
            resource["metadata"] = metadata;
            metadata["namespace"] = "argo-events";
            metadata["uid"] = "7c0e4d7a-0000-4000-8000-000000000001";
            metadata["resourceVersion"] = "4711";
            metadata["generation"] = 3;
            metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl-client-side-apply", ["operation"] = "Update" });
            var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
            metadata["annotations"] = annotations;
            annotations["kubectl.kubernetes.io/last-applied-configuration"] = root.ToJsonString();
            resource["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Deployed", ["status"] = "True" }) };

            var fromResource = SpecLoader.LoadObject(CustomResourceDocument.Of(resource), "resource");
            var expected = fromFile.Documents.Single(d => d.Index == index).Diagnostics.Select(d => d.ToString());

            Assert.Equal(expected, fromResource.Documents.Single().Diagnostics.Select(d => d.ToString()));
        }
    }
}
