using System.Globalization;
using Microservices.Events.Specs.Conditions;
using Microservices.Events.Specs.Expressions;
using Microservices.Events.Specs.Jq;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Checks a Sensor beyond its shape: names, conditions against dependencies, trigger kinds, parameters, policies.</summary>
public static class SensorValidator
{
    private static readonly string[] LogicalOperators = ["", "and", "or"];
    private static readonly string[] FilterTypes = ["string", "number", "bool"];
    private static readonly string[] Comparators = ["", "=", "!=", "<", "<=", ">", ">="];
    private static readonly string[] Operations = ["", "overwrite", "append", "prepend"];
    private static readonly string[] RateUnits = ["", "Second", "Minute", "Hour"];

    public static IReadOnlyList<SpecDiagnostic> Validate(Sensor sensor)
    {
        var d = new List<SpecDiagnostic>();
        if (string.IsNullOrWhiteSpace(sensor.Metadata.Name))
        {
            d.Add(Error("metadata.name", "required"));
        }

        var dependencies = ValidateDependencies(sensor.Spec.Dependencies, d);

        if (sensor.Spec.Triggers.Count == 0)
        {
            d.Add(Error("spec.triggers", "at least one trigger is required"));
        }

        var triggerNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sensor.Spec.Triggers.Count; i++)
        {
            ValidateTrigger($"spec.triggers[{i}]", sensor.Spec.Triggers[i], dependencies, triggerNames, d, isDlq: false);
        }

        return d;
    }

    private static HashSet<string> ValidateDependencies(IReadOnlyList<EventDependency> dependencies, List<SpecDiagnostic> d)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (dependencies.Count == 0)
        {
            d.Add(Error("spec.dependencies", "at least one dependency is required"));
        }

        for (var i = 0; i < dependencies.Count; i++)
        {
            var path = $"spec.dependencies[{i}]";
            var dep = dependencies[i];
            if (string.IsNullOrWhiteSpace(dep.Name))
            {
                d.Add(Error($"{path}.name", "required"));
            }
            else if (!names.Add(dep.Name))
            {
                d.Add(Error($"{path}.name", $"duplicate dependency name \"{dep.Name}\""));
            }

            if (string.IsNullOrWhiteSpace(dep.EventSourceName))
            {
                d.Add(Error($"{path}.eventSourceName", "required"));
            }

            if (string.IsNullOrWhiteSpace(dep.EventName))
            {
                d.Add(Error($"{path}.eventName", "required"));
            }

            CheckOneOf($"{path}.filtersLogicalOperator", dep.FiltersLogicalOperator, LogicalOperators, d);
            ValidateFilters($"{path}.filters", dep.Filters, d);

            ValidateTransform($"{path}.transform", dep.Transform, d);
        }

        return names;
    }

    private static void ValidateFilters(string path, EventDependencyFilter? filters, List<SpecDiagnostic> d)
    {
        if (filters is null)
        {
            return;
        }

        CheckOneOf($"{path}.dataLogicalOperator", filters.DataLogicalOperator, LogicalOperators, d);
        CheckOneOf($"{path}.exprLogicalOperator", filters.ExprLogicalOperator, LogicalOperators, d);
        for (var i = 0; i < (filters.Data?.Count ?? 0); i++)
        {
            var data = filters.Data![i];
            var p = $"{path}.data[{i}]";
            if (string.IsNullOrWhiteSpace(data.Path))
            {
                d.Add(Error($"{p}.path", "required"));
            }

            if (string.IsNullOrEmpty(data.Type))
            {
                d.Add(Error($"{p}.type", "required: string, number or bool"));
            }
            else
            {
                CheckOneOf($"{p}.type", data.Type, FilterTypes, d);
            }

            CheckOneOf($"{p}.comparator", data.Comparator, Comparators, d);
        }

        if (filters.Time is { } time)
        {
            foreach (var (field, value) in new[] { ("start", time.Start), ("stop", time.Stop) })
            {
                if (!TimeOnly.TryParseExact(value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    d.Add(Error($"{path}.time.{field}", $"\"{value}\" is not a time of day HH:MM:SS"));
                }
            }

            if (!CronSchedule.TryFindTimeZone(time.Timezone, out _))
            {
                d.Add(Error($"{path}.time.timezone", $"unknown timezone \"{time.Timezone}\""));
            }
        }

        for (var i = 0; i < (filters.Exprs?.Count ?? 0); i++)
        {
            if (!ExpressionParser.TryParse(filters.Exprs![i].Expr ?? "", ExpressionDialect.Govaluate, out _, out var error))
            {
                d.Add(new(DiagnosticSeverity.Warning, $"{path}.exprs[{i}].expr", $"does not parse: {error}; this filter fails on every event"));
            }
        }
    }

    private static void ValidateTransform(string path, EventDependencyTransformer? transform, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrEmpty(transform?.Jq))
        {
            return;
        }

        if (!JqParser.TryParse(transform.Jq, out _, out var error))
        {
            d.Add(Error($"{path}.jq", error!));
        }

        if (!string.IsNullOrEmpty(transform.Script))
        {
            d.Add(Warning($"{path}.script", "ignored: jq and script are both set and jq is used"));
        }
    }

    private static void ValidateTrigger(string path, Trigger trigger, HashSet<string> dependencies, HashSet<string> triggerNames, List<SpecDiagnostic> d, bool isDlq)
    {
        var template = trigger.Template;
        if (template is null)
        {
            d.Add(Error($"{path}.template", "required"));
            return;
        }

        var tp = $"{path}.template";
        if (string.IsNullOrWhiteSpace(template.Name))
        {
            d.Add(Error($"{tp}.name", "required"));
        }
        else if (!isDlq && !triggerNames.Add(template.Name))
        {
            d.Add(Error($"{tp}.name", $"duplicate trigger name \"{template.Name}\""));
        }

        if (!isDlq)
        {
            ValidateConditions(tp, template, dependencies, d);
        }

        var kinds = template.Kinds();
        if (kinds.Count == 0)
        {
            d.Add(Error(tp, "one action kind is required (log, http, k8s, argoWorkflow, ...)"));
        }
        else if (kinds.Count > 1)
        {
            d.Add(Error(tp, $"exactly one action kind is allowed, found {string.Join(", ", kinds)}"));
        }

        foreach (var kind in kinds.Where(k => k is not ("log" or "http") && !TriggerKindValidators.Handles(k)))
        {
            d.Add(Unsupported($"{tp}.{kind}", $"trigger kind \"{kind}\" is not supported yet"));
        }

        TriggerKindValidators.Validate(tp, trigger, dependencies, d);

        if (template.Http is { } http)
        {
            ValidateHttp($"{tp}.http", http, dependencies, d);
        }

        ValidateParameters($"{path}.parameters", trigger.Parameters, dependencies, d, destRequired: true);
        ValidatePolicy(path, trigger, d);

        if (trigger.DlqTrigger is { } dlq)
        {
            if (trigger.AtLeastOnce != true || dlq.AtLeastOnce != true)
            {
                d.Add(Error($"{path}.dlqTrigger", "requires atLeastOnce: true on the trigger and on the dlqTrigger"));
            }

            ValidateTrigger($"{path}.dlqTrigger", dlq, dependencies, triggerNames, d, isDlq: true);
        }
    }

    private static void ValidateConditions(string tp, TriggerTemplate template, HashSet<string> dependencies, List<SpecDiagnostic> d)
    {
        if (!string.IsNullOrWhiteSpace(template.Conditions))
        {
            if (!ConditionExpression.TryParse(template.Conditions, out var node, out var error))
            {
                d.Add(Error($"{tp}.conditions", error!));
            }
            else
            {
                foreach (var name in node!.Dependencies().Where(n => !dependencies.Contains(n)).Order(StringComparer.Ordinal))
                {
                    d.Add(Error($"{tp}.conditions", $"unknown dependency \"{name}\""));
                }
            }
        }

        for (var i = 0; i < (template.ConditionsReset?.Count ?? 0); i++)
        {
            var byTime = template.ConditionsReset![i].ByTime;
            var rp = $"{tp}.conditionsReset[{i}].byTime";
            if (byTime is null)
            {
                d.Add(Error(rp, "required"));
                continue;
            }

            if (!CronSchedule.TryParse(byTime.Cron, out _, out var cronError))
            {
                d.Add(Error($"{rp}.cron", cronError!));
            }

            if (!CronSchedule.TryFindTimeZone(byTime.Timezone, out _))
            {
                d.Add(Error($"{rp}.timezone", $"unknown timezone \"{byTime.Timezone}\""));
            }

            d.Add(Unsupported(rp, "conditionsReset is not applied yet; stored events are kept until the conditions hold"));
        }
    }

    private static void ValidateHttp(string hp, HttpTrigger http, HashSet<string> dependencies, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(http.Url))
        {
            d.Add(Error($"{hp}.url", "required"));
        }
        else if (!Uri.TryCreate(http.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            d.Add(Error($"{hp}.url", $"\"{http.Url}\" is not an absolute http(s) URL"));
        }

        if (!string.IsNullOrEmpty(http.Method) && !HttpTrigger.Methods.Contains(http.Method.ToUpperInvariant()))
        {
            d.Add(Error($"{hp}.method", $"\"{http.Method}\" is not one of {string.Join(", ", HttpTrigger.Methods)}"));
        }

        if (http.Timeout is < 0)
        {
            d.Add(Error($"{hp}.timeout", "must not be negative"));
        }

        ValidateParameters($"{hp}.payload", http.Payload, dependencies, d, destRequired: false);
        ValidateParameters($"{hp}.parameters", http.Parameters, dependencies, d, destRequired: true);
        foreach (var (field, value) in new[] { ("tls", http.Tls), ("basicAuth", http.BasicAuth), ("secureHeaders", http.SecureHeaders) })
        {
            if (value is { ValueKind: not System.Text.Json.JsonValueKind.Null })
            {
                d.Add(Unsupported($"{hp}.{field}", $"http {field} is not supported yet"));
            }
        }

        if (http.DynamicHeaders is { Count: > 0 })
        {
            d.Add(Unsupported($"{hp}.dynamicHeaders", "http dynamicHeaders are not supported yet"));
        }
    }

    internal static void ValidateParameters(string path, IReadOnlyList<TriggerParameter>? parameters, HashSet<string> dependencies, List<SpecDiagnostic> d, bool destRequired)
    {
        for (var i = 0; i < (parameters?.Count ?? 0); i++)
        {
            var p = $"{path}[{i}]";
            var parameter = parameters![i];
            if (parameter.Src is null)
            {
                d.Add(Error($"{p}.src", "required"));
            }
            else if (string.IsNullOrWhiteSpace(parameter.Src.DependencyName))
            {
                d.Add(Error($"{p}.src.dependencyName", "required"));
            }
            else if (!dependencies.Contains(parameter.Src.DependencyName))
            {
                d.Add(Error($"{p}.src.dependencyName", $"unknown dependency \"{parameter.Src.DependencyName}\""));
            }

            if (destRequired && string.IsNullOrWhiteSpace(parameter.Dest))
            {
                d.Add(Error($"{p}.dest", "required"));
            }

            CheckOneOf($"{p}.operation", parameter.Operation, Operations, d);
        }
    }

    private static void ValidatePolicy(string path, Trigger trigger, List<SpecDiagnostic> d)
    {
        var allow = trigger.Policy?.Status?.Allow ?? [];
        for (var i = 0; i < allow.Count; i++)
        {
            if (allow[i] is < 100 or > 599)
            {
                d.Add(Error($"{path}.policy.status.allow[{i}]", $"{allow[i]} is not an HTTP status code"));
            }
        }

        if (trigger.RetryStrategy is { } retry)
        {
            if (retry.Steps is < 0)
            {
                d.Add(Error($"{path}.retryStrategy.steps", "must not be negative"));
            }

            if (retry.Duration is { } duration && !long.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !GoDuration.TryParse(duration, out _))
            {
                d.Add(Error($"{path}.retryStrategy.duration", $"\"{duration}\" is neither nanoseconds nor a duration such as 2s"));
            }

            foreach (var (field, value) in new[] { ("factor", retry.Factor), ("jitter", retry.Jitter) })
            {
                if (value is not null && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    d.Add(Error($"{path}.retryStrategy.{field}", $"\"{value}\" is not a number"));
                }
            }
        }

        if (trigger.RateLimit is { } rate)
        {
            CheckOneOf($"{path}.rateLimit.unit", rate.Unit, RateUnits, d);
            if (rate.RequestsPerUnit is <= 0)
            {
                d.Add(Error($"{path}.rateLimit.requestsPerUnit", "must be greater than 0"));
            }
        }
    }

    private static void CheckOneOf(string path, string? value, string[] allowed, List<SpecDiagnostic> d)
    {
        if (!allowed.Contains(value ?? ""))
        {
            d.Add(Error(path, $"\"{value}\" is not one of {string.Join(", ", allowed.Where(a => a.Length > 0))}"));
        }
    }

    private static SpecDiagnostic Error(string path, string message) => new(DiagnosticSeverity.Error, path, message);

    private static SpecDiagnostic Warning(string path, string message) => new(DiagnosticSeverity.Warning, path, message);

    private static SpecDiagnostic Unsupported(string path, string message) => new(DiagnosticSeverity.Unsupported, path, message);
}
