namespace Microservices.Events.Semantics.Templates;

/// <summary>How an argument reaches a function, following Go's parameter types.</summary>
internal enum ArgKind
{
    /// <summary>interface{}: a missing value arrives as nil.</summary>
    Any,

    /// <summary>string: anything but a string is an error ("wrong type for value").</summary>
    Text,

    /// <summary>reflect.Value (the comparison and collection builtins): a missing value arrives as it is.</summary>
    Value,
}

/// <summary>What a function may read besides its arguments.</summary>
internal sealed record CallContext(TimeProvider Time)
{
    public DateTimeOffset LocalNow() => TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Time.LocalTimeZone);
}

/// <summary>A template function: its fixed parameters, the kind of any further (variadic) ones, and its body.</summary>
internal sealed record TemplateFunction(string Name, IReadOnlyList<ArgKind> Params, ArgKind? Variadic, Func<CallContext, object?[], object?> Invoke)
{
    public static TemplateFunction Of(string name, ArgKind[] parameters, Func<object?[], object?> invoke, ArgKind? variadic = null) =>
        new(name, parameters, variadic, (_, args) => invoke(args));
}

/// <summary>Go's builtins and the sprig subset, by name.</summary>
internal static class TemplateFunctions
{
    public static readonly IReadOnlyDictionary<string, TemplateFunction> All =
        GoBuiltins.Functions.Concat(SprigFunctions.Functions).ToDictionary(f => f.Name, StringComparer.Ordinal);
}
