using System.Text;

namespace Microservices.Events.Semantics.Paths;

/// <summary>
/// Glob matching as gjson uses it for keys and the <c>%</c> query operator: <c>*</c> is any run of characters,
/// <c>?</c> exactly one, <c>\</c> makes the next character literal.
/// </summary>
public static class WildcardPattern
{
    private const int AnyRun = -1;
    private const int AnyOne = -2;

    /// <summary>True when <paramref name="pattern"/> has an unescaped <c>*</c> or <c>?</c>.</summary>
    public static bool HasWildcards(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?':
                    return true;
            }
        }

        return false;
    }

    public static bool IsMatch(string text, string pattern)
    {
        var t = Runes(text);
        var p = Compile(pattern);
        int ti = 0, pi = 0, starP = -1, starT = 0;
        while (ti < t.Count)
        {
            if (pi < p.Count && (p[pi] == AnyOne || p[pi] == t[ti]))
            {
                ti++;
                pi++;
            }
            else if (pi < p.Count && p[pi] == AnyRun)
            {
                starP = pi++;
                starT = ti;
            }
            else if (starP >= 0)
            {
                pi = starP + 1;
                ti = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (pi < p.Count && p[pi] == AnyRun)
        {
            pi++;
        }

        return pi == p.Count;
    }

    /// <summary>The pattern with its escapes resolved, for an exact comparison when it has no wildcards.</summary>
    public static string Unescape(string pattern)
    {
        if (!pattern.Contains('\\'))
        {
            return pattern;
        }

        var sb = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                i++;
            }

            sb.Append(pattern[i]);
        }

        return sb.ToString();
    }

    private static List<int> Runes(string text) => text.EnumerateRunes().Select(r => r.Value).ToList();

    private static List<int> Compile(string pattern)
    {
        var compiled = new List<int>(pattern.Length);
        var runes = Runes(pattern);
        for (var i = 0; i < runes.Count; i++)
        {
            switch (runes[i])
            {
                case '\\' when i + 1 < runes.Count:
                    compiled.Add(runes[++i]);
                    break;
                case '*':
                    compiled.Add(AnyRun);
                    break;
                case '?':
                    compiled.Add(AnyOne);
                    break;
                default:
                    compiled.Add(runes[i]);
                    break;
            }
        }

        return compiled;
    }
}
