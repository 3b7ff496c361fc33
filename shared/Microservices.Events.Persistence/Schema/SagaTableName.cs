using System.Text;
using System.Text.RegularExpressions;

namespace Microservices.Events.Persistence.Schema;

/// <summary>Table names of saga types: <c>saga_</c> + the type name in snake case (<c>TriggerCorrelationState</c> → <c>saga_trigger_correlation_state</c>).</summary>
public static partial class SagaTableName
{
    public static string For(Type sagaType) => For(sagaType.Name);

    public static string For(string name)
    {
        var snake = new StringBuilder("saga_");
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))) && snake[^1] != '_')
            {
                snake.Append('_');
            }

            snake.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        var table = snake.ToString();
        Validate(table);
        return table;
    }

    /// <summary>Table names are spliced into SQL, so only plain identifiers are accepted.</summary>
    public static void Validate(string table)
    {
        if (!Identifier().IsMatch(table))
        {
            throw new ArgumentException($"\"{table}\" is not a usable table name (lowercase letters, digits and '_', starting with a letter, at most 63 characters)", nameof(table));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
