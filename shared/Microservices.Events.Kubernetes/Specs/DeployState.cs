namespace Microservices.Events.Kubernetes.Specs;

/// <summary>Whether the service that runs a resource's kind runs it.</summary>
public enum DeployState
{
    /// <summary>Valid, and in the specs the service runs.</summary>
    Deployed,

    /// <summary>Not run: its findings hold errors.</summary>
    Invalid,

    /// <summary>Not run: another resource of the same kind and name is run instead.</summary>
    Duplicate,
}
