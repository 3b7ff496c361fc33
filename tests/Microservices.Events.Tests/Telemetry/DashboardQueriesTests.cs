namespace Microservices.Events.Tests.Telemetry;

/// <summary>How the shipped dashboards' queries are read: variables substituted, metric names found.</summary>
public sealed class DashboardQueriesTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal) { ["namespace"] = ".*", ["__rate_interval"] = "1m" };

    [Theory]
    [InlineData("rate(x{namespace=~\"$namespace\"}[$__rate_interval])", "rate(x{namespace=~\".*\"}[1m])")]
    [InlineData("rate(x{namespace=~\"${namespace}\"}[${__rate_interval}])", "rate(x{namespace=~\".*\"}[1m])")]
    [InlineData("sum(up)", "sum(up)")]
    public void Variables_are_replaced_by_their_all_value(string expr, string expected) =>
        Assert.Equal(expected, DashboardQueries.Substitute(expr, Values));

    [Fact]
    public void An_unknown_variable_is_an_error_naming_it() =>
        Assert.Contains("$job", Assert.Throws<InvalidOperationException>(() => DashboardQueries.Substitute("up{job=~\"$job\"}", Values)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\"}[1m])))", "a_bucket")]
    [InlineData("sum(rate(a_total{x=\"1\"}[5m])) / (sum(rate(a_total{x=\"1\"}[5m])) + sum(rate(b_total {x=\"1\"}[5m])))", "a_total,b_total")]
    public void Metric_names_are_those_with_a_selector(string expr, string expected) =>
        Assert.Equal(expected, string.Join(",", DashboardQueries.MetricNames(expr).Order(StringComparer.Ordinal)));

    [Fact]
    public void The_chart_template_s_own_alert_is_read_with_the_rule_file_s_job_selector_and_a_window()
    {
        var alert = Assert.Single(DashboardQueries.FromRuleTemplate());

        Assert.Equal("EventsNoneSent", alert.Name);
        Assert.Equal($"(sum(increase(argo_events_events_sent_total{{job=~\"microservices-events-.*\"}}[{DashboardQueries.TemplateWindow}])) or vector(0)) == 0", alert.Expr);
    }

    [Fact]
    public void Template_syntax_left_in_a_template_alert_is_an_error_naming_it()
    {
        const string template = "        - alert: Odd\n          expr: up{ {{ $other }} } == 0\n";

        Assert.Contains("alert Odd", Assert.Throws<InvalidOperationException>(() => DashboardQueries.FromRuleTemplate(template)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_dashboard_has_queries_and_every_alert_an_expression()
    {
        var queries = DashboardQueries.FromDashboards();
        var alerts = DashboardQueries.FromAlerts();

        Assert.Equal(5, queries.Select(q => q.Dashboard).Distinct().Count());
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Expr, StringComparison.Ordinal));
        Assert.All(queries, q => Assert.NotEmpty(DashboardQueries.MetricNames(q.Expr)));
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.NotEmpty(DashboardQueries.MetricNames(a.Expr)));
    }
}
