namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>
/// Why a trigger kind's spec cannot run, naming the field (relative to the kind, e.g. <c>channel</c>). At load a problem is
/// not reported when parameters set that field or one of <see cref="SetByAnyOf"/>, since the value comes with the event.
/// </summary>
public sealed record FieldProblem(string Field, string Message, IReadOnlyList<string>? SetByAnyOf = null)
{
    public override string ToString() => $"{Field}: {Message}";
}
