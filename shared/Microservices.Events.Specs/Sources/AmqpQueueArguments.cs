using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Loading;

namespace Microservices.Events.Specs.Sources;

/// <summary>
/// The <c>queueDeclare.arguments</c> of an <c>amqp</c> event: a YAML map in a string (<c>x-queue-type: quorum</c>,
/// <c>x-max-length: 1000</c>) read into the argument table the queue is declared with. Values are strings, integers,
/// booleans or numbers (pure).
/// </summary>
public static class AmqpQueueArguments
{
    public static bool TryParse(string? text, out IDictionary<string, object?> arguments, out string? error)
    {
        arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!YamlJson.TryParseFirst(text, out var node))
        {
            error = "is not YAML";
            return false;
        }

        if (node is not JsonObject map)
        {
            error = "must be a map of argument names to values, e.g. \"x-queue-type: quorum\"";
            return false;
        }

        foreach (var (name, value) in map)
        {
            if (value is not JsonValue scalar)
            {
                error = $"argument \"{name}\" must be a string, a number or a boolean";
                return false;
            }

            arguments[name] = scalar.GetValueKind() switch
            {
                JsonValueKind.String => scalar.GetValue<string>(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when scalar.TryGetValue<long>(out var integer) => integer,
                JsonValueKind.Number => scalar.GetValue<double>(),
                _ => null,
            };
        }

        return true;
    }
}
