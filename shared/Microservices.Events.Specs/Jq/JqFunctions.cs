namespace Microservices.Events.Specs.Jq;

/// <summary>The jq builtins the subset has, as <c>name/arity</c>; a call of any other is a syntax error.</summary>
public static class JqFunctions
{
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "empty/0", "not/0", "length/0", "keys/0", "has/1", "del/1", "select/1", "map/1",
        "tostring/0", "tonumber/0", "type/0", "add/0",
    };

    /// <summary>jq keywords and constructs outside the subset, named in the syntax error.</summary>
    public static readonly IReadOnlySet<string> UnsupportedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "def", "reduce", "foreach", "try", "catch", "label", "import", "include", "as", "__loc__",
    };
}
