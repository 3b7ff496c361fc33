using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Reads a YAML text as a stream of parser events, without building it, and throws a <see cref="YamlException"/> at
/// the first place it goes past a <see cref="YamlLimits"/> (length, depth, nodes with aliases expanded). Runs in one
/// loop with its own stack, so neither a deep nor a self-multiplying text can exhaust the process's stack or memory.
/// </summary>
public static class YamlBudget
{
    public static void Check(string yaml, YamlLimits limits)
    {
        if (yaml.Length > limits.MaxCharacters)
        {
            throw new YamlException(Mark.Empty, Mark.Empty, $"the text is {yaml.Length} characters long, more than the {limits.MaxCharacters} allowed");
        }

        var open = new Stack<(long Nodes, string? Anchor)>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var parser = new Parser(new StringReader(yaml));
        while (Next(parser))
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart:
                    anchors.Clear();
                    break;
                case Scalar scalar:
                    Add(1, scalar.Start);
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = 1;
                    }

                    break;
                case AnchorAlias alias:
                    Add(anchors.TryGetValue(alias.Value.Value, out var repeated) ? repeated : 1, alias.Start);
                    break;
                case NodeEvent start and (MappingStart or SequenceStart):
                    if (open.Count >= limits.MaxDepth)
                    {
                        throw new YamlException(start.Start, start.End, $"nested more than {limits.MaxDepth} levels deep");
                    }

                    total = Checked(total + 1, start.Start);
                    open.Push((1, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                    break;
                case MappingEnd or SequenceEnd:
                    var (nodes, anchor) = open.Pop();
                    if (anchor is not null)
                    {
                        anchors[anchor] = nodes;
                    }

                    if (open.Count > 0)
                    {
                        var parent = open.Pop();
                        open.Push((Math.Min(parent.Nodes + nodes, long.MaxValue / 2), parent.Anchor));
                    }

                    break;
            }
        }

        void Add(long nodes, Mark at)
        {
            total = Checked(total + nodes, at);
            if (open.Count > 0)
            {
                var top = open.Pop();
                open.Push((top.Nodes + nodes, top.Anchor));
            }
        }

        static bool Next(Parser parser)
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

        long Checked(long nodes, Mark at) => nodes > limits.MaxNodes
            ? throw new YamlException(at, at, $"more than {limits.MaxNodes} nodes once aliases are expanded")
            : nodes;
    }
}
