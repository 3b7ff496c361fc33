namespace Microservices.Events.Semantics.Templates;

/// <summary>Error messages in Go's shape: <c>template: LINE:COL: message</c>, and for execution the action it happened at.</summary>
internal static class TemplateErrors
{
    public static TemplateException Parse(string source, int pos, string message) =>
        new($"template: {Where(source, pos)}: {message}");

    public static TemplateException Exec(string source, int pos, string at, string message) =>
        new($"template: {Where(source, pos)}: executing at <{at}>: {message}");

    private static string Where(string source, int pos)
    {
        pos = Math.Clamp(pos, 0, source.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < pos; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return $"{line}:{pos - lineStart + 1}";
    }
}
