using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>One custom resource as the published snapshot holds it: where it lives, the generation loaded, and what loading it gave.</summary>
public sealed record PublishedSpec(string Key, string Kind, string Plural, string Namespace, string Name, long? Generation, SpecFile File);
