namespace Microservices.Events.Specs.Conditions;

/// <summary>A parsed trigger <c>conditions</c> expression: dependency names combined with AND and OR.</summary>
public abstract record ConditionNode
{
    public abstract bool Evaluate(Func<string, bool> isSatisfied);

    public abstract void CollectDependencies(ISet<string> names);

    /// <summary>The same expression with every dependency name passed through <paramref name="rename"/>.</summary>
    public abstract ConditionNode Rename(Func<string, string> rename);

    public IReadOnlySet<string> Dependencies()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        CollectDependencies(names);
        return names;
    }
}

/// <summary>True when the named dependency has an event.</summary>
public sealed record DependencyRef(string Name) : ConditionNode
{
    public override bool Evaluate(Func<string, bool> isSatisfied) => isSatisfied(Name);

    public override void CollectDependencies(ISet<string> names) => names.Add(Name);

    public override ConditionNode Rename(Func<string, string> rename) => new DependencyRef(rename(Name));

    public override string ToString() => Name;
}

/// <summary>Both sides hold.</summary>
public sealed record AndCondition(ConditionNode Left, ConditionNode Right) : ConditionNode
{
    public override bool Evaluate(Func<string, bool> isSatisfied) => Left.Evaluate(isSatisfied) && Right.Evaluate(isSatisfied);

    public override void CollectDependencies(ISet<string> names)
    {
        Left.CollectDependencies(names);
        Right.CollectDependencies(names);
    }

    public override ConditionNode Rename(Func<string, string> rename) => new AndCondition(Left.Rename(rename), Right.Rename(rename));

    public override string ToString() => $"({Left} && {Right})";
}

/// <summary>Either side holds.</summary>
public sealed record OrCondition(ConditionNode Left, ConditionNode Right) : ConditionNode
{
    public override bool Evaluate(Func<string, bool> isSatisfied) => Left.Evaluate(isSatisfied) || Right.Evaluate(isSatisfied);

    public override void CollectDependencies(ISet<string> names)
    {
        Left.CollectDependencies(names);
        Right.CollectDependencies(names);
    }

    public override ConditionNode Rename(Func<string, string> rename) => new OrCondition(Left.Rename(rename), Right.Rename(rename));

    public override string ToString() => $"({Left} || {Right})";
}
