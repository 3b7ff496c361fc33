namespace Microservices.Events.Specs.Model;

/// <summary>The filter kinds of one dependency.</summary>
public sealed record EventDependencyFilter
{
    public TimeFilter? Time { get; init; }
    public EventContext? Context { get; init; }
    public IReadOnlyList<DataFilter>? Data { get; init; }
    public IReadOnlyList<ExprFilter>? Exprs { get; init; }

    /// <summary><c>and</c> (default) or <c>or</c> among the <see cref="Data"/> entries.</summary>
    public string? DataLogicalOperator { get; init; }

    /// <summary><c>and</c> (default) or <c>or</c> among the <see cref="Exprs"/> entries.</summary>
    public string? ExprLogicalOperator { get; init; }

    /// <summary>A Lua predicate over the event data.</summary>
    public string? Script { get; init; }
}

/// <summary>A predicate on the value at a gjson-style path of the event data.</summary>
public sealed record DataFilter
{
    public string? Path { get; init; }

    /// <summary><c>string</c>, <c>number</c> or <c>bool</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Candidate values, OR-ed.</summary>
    public IReadOnlyList<string>? Value { get; init; }

    /// <summary><c>=</c> (default), <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</summary>
    public string? Comparator { get; init; }

    public string? Template { get; init; }
}

/// <summary>A govaluate expression over named fields bound by path.</summary>
public sealed record ExprFilter
{
    public string? Expr { get; init; }
    public IReadOnlyList<PayloadField>? Fields { get; init; }
}

/// <summary>Binds variable <see cref="Name"/> to the value at <see cref="Path"/>.</summary>
public sealed record PayloadField
{
    public string? Path { get; init; }
    public string? Name { get; init; }
}

/// <summary>Exact-match filter on CloudEvent context attributes; empty fields are ignored.</summary>
public sealed record EventContext
{
    public string? Id { get; init; }
    public string? Source { get; init; }
    public string? Specversion { get; init; }
    public string? Type { get; init; }
    public string? Datacontenttype { get; init; }
    public string? Subject { get; init; }
    public string? Time { get; init; }
}

/// <summary>A daily window <c>[start, stop)</c> in <c>HH:MM:SS</c>, wrapping midnight when stop &lt; start.</summary>
public sealed record TimeFilter
{
    public string? Start { get; init; }
    public string? Stop { get; init; }
    public string? Timezone { get; init; }
}
