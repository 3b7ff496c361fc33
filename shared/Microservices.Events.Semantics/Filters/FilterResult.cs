namespace Microservices.Events.Semantics.Filters;

/// <summary>A filter's verdict and the errors met on the way; under <c>or</c> a pass may carry errors.</summary>
public sealed record FilterResult(bool Pass, IReadOnlyList<string> Errors)
{
    public static readonly FilterResult True = new(true, []);
    public static readonly FilterResult False = new(false, []);

    public static FilterResult Error(string message) => new(false, [message]);

    public bool HasErrors => Errors.Count > 0;

    /// <summary>
    /// Argo's list semantics: <c>and</c> stops at the first false or error; <c>or</c> stops at the first true,
    /// collecting errors on the way. Inside one filter kind a pass under <c>or</c> drops those errors; across filter
    /// kinds (<paramref name="keepErrorsOnPass"/>) they are reported beside the pass.
    /// </summary>
    public static FilterResult Combine(string? logicalOperator, IEnumerable<Func<FilterResult>> parts, bool keepErrorsOnPass = false)
    {
        var or = string.Equals(logicalOperator, "or", StringComparison.OrdinalIgnoreCase);
        var errors = new List<string>();
        var any = false;
        foreach (var part in parts)
        {
            any = true;
            var result = part();
            if (or)
            {
                if (result.Pass)
                {
                    return keepErrorsOnPass ? new FilterResult(true, errors) : True;
                }

                errors.AddRange(result.Errors);
            }
            else if (!result.Pass || result.HasErrors)
            {
                return new FilterResult(false, result.Errors);
            }
        }

        return or && any ? new FilterResult(false, errors) : True;
    }
}
