using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Follows a YAML text as a stream of parser events and throws a <see cref="YamlException"/> at the first place it goes
/// past a <see cref="YamlLimits"/> (length, depth, nodes with aliases expanded). Keeps its own stack, so neither a deep
/// nor a self-multiplying text can exhaust the process's stack or memory; <see cref="YamlJson"/> observes every event
/// here before it builds anything from it.
/// </summary>
public sealed class YamlBudget(YamlLimits limits)
{
    private readonly Stack<(long Nodes, string? Anchor)> _open = new();
    private readonly Dictionary<string, long> _anchors = new(StringComparer.Ordinal);
    private long _total;

    public static void CheckLength(string yaml, YamlLimits limits)
    {
        if (yaml.Length > limits.MaxCharacters)
        {
            throw new YamlException(Mark.Empty, Mark.Empty, $"the text is {yaml.Length} characters long, more than the {limits.MaxCharacters} allowed");
        }
    }

    /// <summary>Moves <paramref name="parser"/> on; a scanner that gives up with something other than a syntax error is reported as one.</summary>
    public static bool Next(Parser parser)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException ex)
        {
            // The scanner gives up on some malformed texts this way rather than with a syntax error.
            throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, $"not YAML: {ex.Message}");
        }
    }

    /// <summary>Counts one event; throws once the text is past a limit.</summary>
    public void Observe(ParsingEvent current)
    {
        switch (current)
        {
            case DocumentStart:
                _anchors.Clear();
                break;
            case Scalar scalar:
                Add(1, scalar.Start);
                if (!scalar.Anchor.IsEmpty)
                {
                    _anchors[scalar.Anchor.Value] = 1;
                }

                break;
            case AnchorAlias alias:
                Add(_anchors.TryGetValue(alias.Value.Value, out var repeated) ? repeated : 1, alias.Start);
                break;
            case NodeEvent start and (MappingStart or SequenceStart):
                if (_open.Count >= limits.MaxDepth)
                {
                    throw new YamlException(start.Start, start.End, $"nested more than {limits.MaxDepth} levels deep");
                }

                _total = Checked(_total + 1, start.Start);
                _open.Push((1, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                break;
            case MappingEnd or SequenceEnd:
                var (nodes, anchor) = _open.Pop();
                if (anchor is not null)
                {
                    _anchors[anchor] = nodes;
                }

                if (_open.Count > 0)
                {
                    var parent = _open.Pop();
                    _open.Push((Math.Min(parent.Nodes + nodes, long.MaxValue / 2), parent.Anchor));
                }

                break;
        }
    }

    private void Add(long nodes, Mark at)
    {
        _total = Checked(_total + nodes, at);
        if (_open.Count > 0)
        {
            var top = _open.Pop();
            _open.Push((top.Nodes + nodes, top.Anchor));
        }
    }

    private long Checked(long nodes, Mark at) => nodes > limits.MaxNodes
        ? throw new YamlException(at, at, $"more than {limits.MaxNodes} nodes once aliases are expanded")
        : nodes;
}
