using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>JSON patch (RFC 6902): add, remove, replace, move, copy and test over JSON pointers (RFC 6901).</summary>
public static class JsonPatch
{
    /// <exception cref="InvalidOperationException">An operation is malformed, a path does not exist, or a test fails.</exception>
    public static JsonNode? Apply(JsonNode? document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document?.DeepClone() };
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw new InvalidOperationException($"operation {i} needs \"op\" and \"path\"");
            }

            var at = $"operation {i} ({name} {path})";
            switch (name)
            {
                case "add":
                    Add(root, path, Value(op, at), at);
                    break;
                case "remove":
                    Remove(root, path, at);
                    break;
                case "replace":
                    Remove(root, path, at);
                    Add(root, path, Value(op, at), at);
                    break;
                case "move":
                    var moved = Remove(root, From(op, at), at);
                    Add(root, path, moved, at);
                    break;
                case "copy":
                    Add(root, path, Get(root, From(op, at), at)?.DeepClone(), at);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path, at), op["value"]))
                    {
                        throw new InvalidOperationException($"{at}: test failed");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{at}: unknown op \"{name}\"");
            }
        }

        return root["doc"]?.DeepClone();
    }

    private static JsonNode? Value(JsonObject op, string at) =>
        op.ContainsKey("value") ? op["value"]?.DeepClone() : throw new InvalidOperationException($"{at}: \"value\" is required");

    private static string From(JsonObject op, string at) =>
        op["from"]?.GetValue<string>() ?? throw new InvalidOperationException($"{at}: \"from\" is required");

    private static List<string> Tokens(string path, string at)
    {
        if (path.Length > 0 && path[0] != '/')
        {
            throw new InvalidOperationException($"{at}: \"{path}\" is not a JSON pointer");
        }

        var tokens = new List<string> { "doc" };
        if (path.Length > 0)
        {
            tokens.AddRange(path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")));
        }

        return tokens;
    }

    private static (JsonNode Parent, string Last) Parent(JsonObject root, string path, string at)
    {
        var tokens = Tokens(path, at);
        JsonNode? node = root;
        foreach (var token in tokens[..^1])
        {
            node = Child(node, token) ?? throw new InvalidOperationException($"{at}: path does not exist");
        }

        return (node!, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode? node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var index) && index >= 0 && index < a.Count => a[index],
        _ => null,
    };

    private static JsonNode? Get(JsonObject root, string path, string at)
    {
        var (parent, last) = Parent(root, path, at);
        return parent switch
        {
            JsonObject o when o.ContainsKey(last) => o[last],
            JsonArray a when int.TryParse(last, out var index) && index >= 0 && index < a.Count => a[index],
            _ => throw new InvalidOperationException($"{at}: path does not exist"),
        };
    }

    private static void Add(JsonObject root, string path, JsonNode? value, string at)
    {
        var (parent, last) = Parent(root, path, at);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var index) && index >= 0 && index <= a.Count:
                a.Insert(index, value);
                break;
            default:
                throw new InvalidOperationException($"{at}: path does not exist");
        }
    }

    private static JsonNode? Remove(JsonObject root, string path, string at)
    {
        var (parent, last) = Parent(root, path, at);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, out var index) && index >= 0 && index < a.Count:
                var item = a[index];
                a.RemoveAt(index);
                return item;
            default:
                throw new InvalidOperationException($"{at}: path does not exist");
        }
    }
}
