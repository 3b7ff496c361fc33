using System.Globalization;
using System.Text.RegularExpressions;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation;

/// <summary>Load-time checks of <c>resource</c> events: the watched resource, the event types and the filter's selectors.</summary>
internal static class ResourceValidator
{
    /// <summary>The event types Argo knows.</summary>
    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string>(StringComparer.Ordinal) { "ADD", "UPDATE", "DELETE" };

    /// <summary>Label selector operations (Kubernetes' selection operators).</summary>
    public static readonly IReadOnlySet<string> LabelOperations = new HashSet<string>(StringComparer.Ordinal) { "=", "==", "!=", "in", "notin", "exists", "!", "gt", "lt" };

    /// <summary>Field filter operations: the field's value matches (<c>=</c>, <c>==</c>) or does not match (<c>!=</c>) the regular expression.</summary>
    public static readonly IReadOnlySet<string> FieldOperations = new HashSet<string>(StringComparer.Ordinal) { "=", "==", "!=" };

    public static void Validate(string path, ResourceEventSource resource, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(resource.Version))
        {
            d.Add(EventSourceValidator.Error($"{path}.version", "required"));
        }

        if (string.IsNullOrWhiteSpace(resource.Resource))
        {
            d.Add(EventSourceValidator.Error($"{path}.resource", "required (the plural name, e.g. pods or workflows)"));
        }

        if (resource.EventTypes is null)
        {
            d.Add(EventSourceValidator.Error($"{path}.eventTypes", "required: list ADD, UPDATE and/or DELETE"));
        }

        for (var i = 0; i < (resource.EventTypes?.Count ?? 0); i++)
        {
            if (!EventTypes.Contains(resource.EventTypes![i]))
            {
                d.Add(EventSourceValidator.Error($"{path}.eventTypes[{i}]", $"unknown event type \"{resource.EventTypes[i]}\" (ADD, UPDATE or DELETE)"));
            }
        }

        var filter = resource.Filter;
        if (filter is null)
        {
            return;
        }

        for (var i = 0; i < (filter.Labels?.Count ?? 0); i++)
        {
            var label = filter.Labels![i];
            var p = $"{path}.filter.labels[{i}]";
            Key(p, label, d);
            var operation = string.IsNullOrEmpty(label.Operation) ? "==" : label.Operation;
            if (!LabelOperations.Contains(operation))
            {
                d.Add(EventSourceValidator.Error($"{p}.operation", $"unknown operation \"{label.Operation}\" ({string.Join(", ", LabelOperations)})"));
            }
            else if (operation is "gt" or "lt" && !long.TryParse(label.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                d.Add(EventSourceValidator.Error($"{p}.value", $"\"{label.Value}\" is not an integer ({operation} compares numbers)"));
            }
        }

        for (var i = 0; i < (filter.Fields?.Count ?? 0); i++)
        {
            var field = filter.Fields![i];
            var p = $"{path}.filter.fields[{i}]";
            Key(p, field, d);
            var operation = string.IsNullOrEmpty(field.Operation) ? "==" : field.Operation;
            if (!FieldOperations.Contains(operation))
            {
                d.Add(EventSourceValidator.Error($"{p}.operation", $"unknown operation \"{field.Operation}\" (=, == or !=)"));
            }

            try
            {
                _ = new Regex(field.Value ?? "", RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                d.Add(EventSourceValidator.Error($"{p}.value", $"not a regular expression: {ex.Message}"));
            }
        }

        if (filter.CreatedBy is { Length: > 0 } createdBy && !DateTimeOffset.TryParse(createdBy, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            d.Add(EventSourceValidator.Error($"{path}.filter.createdBy", $"\"{createdBy}\" is not a time such as 2019-04-06T12:52:11Z"));
        }
    }

    private static void Key(string path, ResourceSelector selector, List<SpecDiagnostic> d)
    {
        if (string.IsNullOrWhiteSpace(selector.Key))
        {
            d.Add(EventSourceValidator.Error($"{path}.key", "required"));
        }
    }
}
