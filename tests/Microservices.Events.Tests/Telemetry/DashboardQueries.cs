using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Microservices.Events.Tests.Telemetry;

/// <summary>
/// The queries the shipped dashboards and alert rules run (<c>helm/microservices-events/files/</c>), with Grafana's
/// template variables substituted as Grafana does when "All" is chosen: each variable's <c>allValue</c>, and
/// <c>$__rate_interval</c> as one minute.
/// </summary>
public static partial class DashboardQueries
{
    public sealed record Query(string Dashboard, string Panel, string RefId, string Expr);

    public sealed record Alert(string Name, string Expr);

    public static string DashboardDirectory => Path.Combine(RepoPaths.Root, "helm", "microservices-events", "files", "grafana");

    public static string AlertsFile => Path.Combine(RepoPaths.Root, "helm", "microservices-events", "files", "prometheus", "alerts.yaml");

    private static readonly IReadOnlyDictionary<string, string> Builtins = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "5m",
    };

    [GeneratedRegex(@"\$\{(\w+)\}|\$(\w+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{")]
    private static partial Regex Selector();

    /// <summary>Every target of every panel (rows' panels included) of every dashboard file.</summary>
    public static IReadOnlyList<Query> FromDashboards() =>
        Directory.GetFiles(DashboardDirectory, "*.json").Order(StringComparer.Ordinal).SelectMany(FromDashboard).ToList();

    public static IEnumerable<Query> FromDashboard(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        var values = new Dictionary<string, string>(Builtins, StringComparer.Ordinal);
        if (root.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var list))
        {
            foreach (var variable in list.EnumerateArray())
            {
                if (variable.TryGetProperty("allValue", out var all))
                {
                    values[variable.GetProperty("name").GetString()!] = all.GetString()!;
                }
            }
        }

        var name = Path.GetFileName(file);
        foreach (var panel in Panels(root))
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                yield return new Query(name, panel.GetProperty("title").GetString()!, target.GetProperty("refId").GetString()!, Substitute(target.GetProperty("expr").GetString()!, values));
            }
        }
    }

    /// <summary>Every alert of the rule file.</summary>
    public static IReadOnlyList<Alert> FromAlerts()
    {
        var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
            .Deserialize<RuleFile>(File.ReadAllText(AlertsFile));
        return file.Groups.SelectMany(g => g.Rules).Select(r => new Alert(r.Alert, r.Expr)).ToList();
    }

    /// <summary>The chart's PrometheusRule template, which adds rules of its own to those of <see cref="AlertsFile"/>.</summary>
    public static string RuleTemplateFile => Path.Combine(RepoPaths.Root, "helm", "microservices-events", "templates", "prometheusrule.yaml");

    /// <summary>The window <see cref="FromRuleTemplate"/> gives a rule whose window is a chart value.</summary>
    public const string TemplateWindow = "5m";

    /// <summary>
    /// The alerts the chart's PrometheusRule template writes itself (beside those of <see cref="AlertsFile"/>), their
    /// expressions as the chart renders them: the release's job selector as the rule file spells it
    /// (<c>job=~"microservices-events-.*"</c>) and the value-given window as <see cref="TemplateWindow"/>. Template
    /// syntax left over after that is an error naming the alert.
    /// </summary>
    public static IReadOnlyList<Alert> FromRuleTemplate(string? template = null) =>
        TemplateRule().Matches(template ?? File.ReadAllText(RuleTemplateFile)).Select(m =>
        {
            var expr = TemplateWindowValue().Replace(TemplateSelector().Replace(m.Groups[2].Value.Trim(), "job=~\"microservices-events-.*\""), TemplateWindow);
            return expr.Contains("{{", StringComparison.Ordinal)
                ? throw new InvalidOperationException($"alert {m.Groups[1].Value}: template syntax left in its expression: {expr}")
                : new Alert(m.Groups[1].Value, expr);
        }).ToList();

    [GeneratedRegex(@"-\s*alert:\s*(\w+)\s*\n\s*expr:\s*(.+)")]
    private static partial Regex TemplateRule();

    [GeneratedRegex(@"\s*\{\{-?\s*\$sel\s*-?\}\}\s*")]
    private static partial Regex TemplateSelector();

    [GeneratedRegex(@"\{\{-?\s*\.\s*-?\}\}")]
    private static partial Regex TemplateWindowValue();

    /// <summary>The metric names an expression selects (<c>name{…}</c>).</summary>
    public static IReadOnlySet<string> MetricNames(string expr) =>
        Selector().Matches(expr).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Replaces <c>$name</c> and <c>${name}</c> by <paramref name="values"/>; an unknown variable is an error.</summary>
    public static string Substitute(string expr, IReadOnlyDictionary<string, string> values) =>
        Variable().Replace(expr, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return values.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"variable ${name} has no value in: {expr}");
        });

    private static IEnumerable<JsonElement> Panels(JsonElement owner)
    {
        if (!owner.TryGetProperty("panels", out var panels))
        {
            yield break;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var inner in Panels(panel))
            {
                yield return inner;
            }
        }
    }

    private sealed class RuleFile
    {
        public List<RuleGroup> Groups { get; set; } = [];
    }

    private sealed class RuleGroup
    {
        public List<Rule> Rules { get; set; } = [];
    }

    private sealed class Rule
    {
        public string Alert { get; set; } = "";
        public string Expr { get; set; } = "";
    }
}
