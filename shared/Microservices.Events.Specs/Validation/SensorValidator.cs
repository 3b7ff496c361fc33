using System.Globalization;
using System.Text.Json;
using Microservices.Events.Specs.Conditions;
using Microservices.Events.Specs.Expressions;
using Microservices.Events.Specs.Jq;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Time;
using Microservices.Events.Specs.Validation.Triggers;

namespace Microservices.Events.Specs.Validation;

/// <summary>Checks a Sensor beyond its shape: names, conditions against dependencies, trigger kinds, parameters, policies.</summary>
public static partial class SensorValidator
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
            if (data.Value is not { Count: > 0 })
            {
                d.Add(Error($"{p}.value", "at least one value is required"));
            }
            else
            {
                for (var j = 0; j < data.Value.Count; j++)
                {
                    if (string.IsNullOrEmpty(data.Value[j]))
                    {
                        d.Add(Error($"{p}.value[{j}]", "must not be empty"));
                    }
                }
            }
        }

        if (filters.Context is { } context && string.IsNullOrEmpty(context.Type) && string.IsNullOrEmpty(context.Subject)
            && string.IsNullOrEmpty(context.Source) && string.IsNullOrEmpty(context.Datacontenttype))
        {
            d.Add(Error($"{path}.context", "set at least one of type, subject, source, datacontenttype (an empty context filter discards every event)"));
        }

        if (filters.Time is { } time)
        {
            var times = new List<TimeOnly>();
            foreach (var (field, value) in new[] { ("start", time.Start), ("stop", time.Stop) })
            {
                if (!TimeOnly.TryParseExact(value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    d.Add(Error($"{path}.time.{field}", $"\"{value}\" is not a time of day HH:MM:SS"));
                }
                else
                {
                    times.Add(parsed);
                }
            }

            if (times is [var start, var stop] && start == stop)
            {
                d.Add(Error($"{path}.time.stop", $"\"{time.Stop}\" equals start: the window would be empty"));
            }

            if (!CronSchedule.TryFindTimeZone(time.Timezone, out _))
            {
                d.Add(Error($"{path}.time.timezone", $"unknown timezone \"{time.Timezone}\""));
            }
        }

        for (var i = 0; i < (filters.Exprs?.Count ?? 0); i++)
        {
            var expr = filters.Exprs![i];
            var p = $"{path}.exprs[{i}]";
            if (string.IsNullOrEmpty(expr.Expr))
            {
                d.Add(Error($"{p}.expr", "required"));
            }
            else if (!ExpressionParser.TryParse(expr.Expr, ExpressionDialect.Govaluate, out _, out var error))
            {
                d.Add(Warning($"{p}.expr", $"does not parse: {error}; this filter fails on every event"));
            }

            if (expr.Fields is not { Count: > 0 })
            {
                d.Add(Error($"{p}.fields", "at least one field is required"));
            }

            for (var j = 0; j < (expr.Fields?.Count ?? 0); j++)
            {
                foreach (var (field, value) in new[] { ("path", expr.Fields![j].Path), ("name", expr.Fields[j].Name) })
                {
                    if (string.IsNullOrEmpty(value))
                    {
                        d.Add(Error($"{p}.fields[{j}].{field}", "required"));
                    }
                }
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

        foreach (var kind in kinds.Where(k => k is not ("log" or "http" or "k8s" or "argoWorkflow") && !TriggerKindValidators.Handles(k)))
        {
            d.Add(Unsupported($"{tp}.{kind}", $"trigger kind \"{kind}\" is not supported yet"));
        }

        TriggerKindValidators.Validate(tp, trigger, dependencies, d);

        if (template.Http is { } http)
        {
            ValidateHttp($"{tp}.http", http, dependencies, d);
        }

        foreach (var kind in kinds.Where(k => k is not ("log" or "http" or "k8s" or "argoWorkflow") && !TriggerKindValidators.Handles(k)))
        {
            ValidateKindParameters($"{tp}.{kind}", template.KindSpec(kind), dependencies, d);
        }

        ValidateResourceTriggers(tp, template, trigger, dependencies, d);
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
                foreach (var name in node!.Dependencies().Order(StringComparer.Ordinal))
                {
                    if (!ConditionExpression.TryResolveName(name, dependencies, out _, out var nameError))
                    {
                        d.Add(Error($"{tp}.conditions", nameError!));
                    }
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
        ValidateParameters($"{hp}.dynamicHeaders", http.DynamicHeaders, dependencies, d, destRequired: true);
        d.AddRange(HttpTriggerSecurityValidator.Validate(hp, http));
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

    /// <summary>The <c>parameters</c> and <c>payload</c> of a kind held as JSON: every one needs a <c>dest</c>, as only http may send a value as the whole body.</summary>
    private static void ValidateKindParameters(string kp, JsonElement? spec, HashSet<string> dependencies, List<SpecDiagnostic> d)
    {
        if (spec is not { ValueKind: JsonValueKind.Object } kindSpec)
        {
            return;
        }

        foreach (var field in new[] { "parameters", "payload" })
        {
            if (!kindSpec.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            List<TriggerParameter>? parameters;
            try
            {
                parameters = list.Deserialize<List<TriggerParameter>>(SpecJson.Options);
            }
            catch (JsonException ex)
            {
                d.Add(Error($"{kp}.{field}", $"not a list of parameters: {ex.Message}"));
                continue;
            }

            ValidateParameters($"{kp}.{field}", parameters, dependencies, d, destRequired: true);
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

            foreach (var (field, value) in new[] { ("duration", retry.Duration), ("cap", retry.Cap) })
            {
                if (value is not null && !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !(GoDuration.TryParse(value, out var parsed) && parsed >= TimeSpan.Zero))
                {
                    d.Add(Error($"{path}.retryStrategy.{field}", $"\"{value}\" is neither nanoseconds nor a duration such as 2s"));
                }
            }

            foreach (var (field, value) in new[] { ("factor", retry.Factor), ("jitter", retry.Jitter) })
            {
                if (value is not null && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && double.IsFinite(number)))
                {
                    d.Add(Error($"{path}.retryStrategy.{field}", $"\"{value}\" is not a number of at least 0"));
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
