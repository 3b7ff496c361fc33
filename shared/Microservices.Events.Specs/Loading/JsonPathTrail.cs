using System.Globalization;
using System.Text;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Where a walk over a JSON document is (<c>spec.triggers[0].template</c>), kept as a stack of segments and made text
/// only when a finding names it: a walk over many specs makes no string for the nodes where it finds nothing.
/// </summary>
public sealed class JsonPathTrail(string root)
{
    private readonly List<(string? Name, int Index)> _segments = [];

    /// <summary>Into the field <paramref name="name"/> until the scope is disposed.</summary>
    public Scope Enter(string name)
    {
        _segments.Add((name, 0));
        return new Scope(this);
    }

    /// <summary>Into the list item <paramref name="index"/> until the scope is disposed.</summary>
    public Scope Enter(int index)
    {
        _segments.Add((null, index));
        return new Scope(this);
    }

    /// <summary>The path: the root, then field names joined by dots (no dot after an empty path) and indexes in brackets.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(root);
        foreach (var (name, index) in _segments)
        {
            if (name is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(name);
            }
        }

        return text.ToString();
    }

    /// <summary>Leaves the segment entered last.</summary>
    public readonly struct Scope(JsonPathTrail trail) : IDisposable
    {
        public void Dispose() => trail._segments.RemoveAt(trail._segments.Count - 1);
    }
}
