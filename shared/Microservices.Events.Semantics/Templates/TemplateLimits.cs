namespace Microservices.Events.Semantics.Templates;

/// <summary>What one Go template may cost: Go has no such limits, but a spec's template must not stall or exhaust a service.</summary>
public static class TemplateLimits
{
    /// <summary>Pipelines and control blocks open at once (parentheses, if/range/with inside each other).</summary>
    public const int MaxDepth = 100;

    /// <summary>Nodes walked and pipeline commands run in one execution; nested ranges over the data can otherwise run for ages.</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>Characters of output, and of any one string a pipeline yields (an assignment in a range can double a string per item).</summary>
    public const int MaxChars = 4 * 1024 * 1024;
}
