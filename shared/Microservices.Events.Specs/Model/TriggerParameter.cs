namespace Microservices.Events.Specs.Model;

/// <summary>Copies a value resolved from an event into <c>dest</c> of a JSON document.</summary>
public sealed record TriggerParameter
{
    public TriggerParameterSource? Src { get; init; }
    public string? Dest { get; init; }

    /// <summary><c>overwrite</c> (default), <c>append</c> or <c>prepend</c>.</summary>
    public string? Operation { get; init; }
}

/// <summary>Where a parameter's value comes from: one dependency's event data or context.</summary>
public sealed record TriggerParameterSource
{
    public string? DependencyName { get; init; }
    public string? DataKey { get; init; }
    public string? DataTemplate { get; init; }
    public string? ContextKey { get; init; }
    public string? ContextTemplate { get; init; }
    public string? Value { get; init; }
    public bool? UseRawData { get; init; }
}
