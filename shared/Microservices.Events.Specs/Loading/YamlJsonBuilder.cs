using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Microservices.Events.Specs.Loading;

/// <summary>
/// Builds JSON nodes straight from YAML parser events, one document after another, without YamlDotNet's
/// representation model in between: mapping keys are the key's text, scalars are typed by <see cref="YamlJson.Scalar"/>,
/// an alias is a copy of its anchor's node (anchors hold within their document), and a key given twice in one mapping
/// is refused. Iterative, with a stack of its own.
/// </summary>
internal sealed class YamlJsonBuilder
{
    private readonly List<JsonNode?> _documents = [];
    private readonly Stack<Open> _open = new();
    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
    private JsonNode? _root;

    public IReadOnlyList<JsonNode?> Documents => _documents;

    public void Apply(ParsingEvent current)
    {
        switch (current)
        {
            case DocumentStart:
                _anchors.Clear();
                _root = null;
                break;
            case DocumentEnd:
                _documents.Add(_root);
                _root = null;
                break;
            case Scalar scalar:
                var value = YamlJson.Scalar(scalar.Value, scalar.Style, scalar.Tag);
                Anchor(scalar.Anchor, value);
                Place(value, scalar.Value, scalar.Tag.IsEmpty ? "" : scalar.Tag.Value, scalar);
                break;
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor defined before it");
                }

                Place(anchored?.DeepClone(), anchored is JsonValue ? anchored.ToString() : null, "", alias);
                break;
            case MappingStart start:
                _open.Push(new Open(new JsonObject(), start.Anchor));
                break;
            case SequenceStart start:
                _open.Push(new Open(new JsonArray(), start.Anchor));
                break;
            case MappingEnd or SequenceEnd:
                var done = _open.Pop();
                Anchor(done.Anchor, done.Node);
                Place(done.Node, null, "", current);
                break;
        }
    }

    private void Anchor(AnchorName anchor, JsonNode? node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }
    }

    /// <summary>Puts a finished node where it belongs: the document's root, a list's next item, a mapping's key or value.</summary>
    private void Place(JsonNode? node, string? keyText, string tag, ParsingEvent at)
    {
        if (!_open.TryPeek(out var parent))
        {
            _root = node;
            return;
        }

        if (parent.Node is JsonArray list)
        {
            list.Add(node);
            return;
        }

        if (parent.Key is null)
        {
            parent.Key = keyText ?? node?.ToJsonString() ?? "";
            if (keyText is not null && !(parent.Seen ??= []).Add((tag, keyText)))
            {
                throw new YamlException(at.Start, at.End, $"duplicate key \"{keyText}\" in one mapping");
            }

            return;
        }

        ((JsonObject)parent.Node)[parent.Key] = node;
        parent.Key = null;
    }

    private sealed class Open(JsonNode node, AnchorName anchor)
    {
        public JsonNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        /// <summary>The key read and waiting for its value (mappings only).</summary>
        public string? Key { get; set; }

        public HashSet<(string Tag, string Text)>? Seen { get; set; }
    }
}
