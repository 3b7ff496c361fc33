using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Specs.Validation.Triggers;

/// <summary>
/// Load-time checks of the trigger kinds whose spec the template keeps as raw JSON, one validator per kind. A kind
/// listed here is no longer reported as not supported yet: it runs, or (<see cref="RefusedTriggerValidators"/>) its
/// fields are checked and the trigger is refused by name.
/// </summary>
public static class TriggerKindValidators
{
    private static readonly Dictionary<string, Action<TriggerKindCheck>> Validators = new(StringComparer.Ordinal)
    {
        ["slack"] = SlackTriggerValidator.Validate,
        ["nats"] = NatsTriggerValidator.Validate,
        ["kafka"] = KafkaTriggerValidator.Validate,
        ["awsLambda"] = AwsLambdaTriggerValidator.Validate,
        ["email"] = EmailTriggerValidator.Validate,
        ["openWhisk"] = OpenWhiskTriggerValidator.Validate,
        ["custom"] = CustomTriggerValidator.Validate,
        ["azureEventHubs"] = RefusedTriggerValidators.EventHubs,
        ["azureServiceBus"] = RefusedTriggerValidators.ServiceBus,
        ["pulsar"] = RefusedTriggerValidators.Pulsar,
    };

    public static bool Handles(string kind) => Validators.ContainsKey(kind);

    /// <summary>Checks the template's kind at <c>{templatePath}.{kind}</c> when a validator here handles it.</summary>
    public static void Validate(string templatePath, Trigger trigger, HashSet<string> dependencies, List<SpecDiagnostic> diagnostics)
    {
        if (trigger.Template is not { } template)
        {
            return;
        }

        foreach (var kind in template.Kinds())
        {
            if (!Validators.TryGetValue(kind, out var validate))
            {
                continue;
            }

            if (TriggerKindSpec.Raw(template, kind) is { } spec)
            {
                validate(new TriggerKindCheck($"{templatePath}.{kind}", kind, spec, trigger, dependencies, diagnostics));
            }
            else
            {
                diagnostics.Add(new(DiagnosticSeverity.Error, $"{templatePath}.{kind}", "must be a mapping of the kind's fields"));
            }
        }
    }
}
