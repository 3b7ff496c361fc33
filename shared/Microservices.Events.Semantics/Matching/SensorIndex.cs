using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.Specs.Conditions;
using Microservices.Events.Specs.Loading;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Matching;

/// <summary>A trigger that listens to a dependency: where its saga lives and what it evaluates.</summary>
public sealed record TriggerBinding(string Trigger, Guid CorrelationId, string Conditions, string SpecGeneration, IReadOnlyList<ConditionsResetSchedule> ConditionsReset);

/// <summary>One dependency of one sensor, with the triggers whose conditions name it.</summary>
public sealed record DependencyBinding(string Sensor, EventDependency Dependency, IReadOnlyList<TriggerBinding> Triggers);

/// <summary>Dependencies keyed by (eventSourceName, eventName): the lookup every published event makes.</summary>
public sealed class SensorIndex
{
    public static readonly SensorIndex Empty = new(new Dictionary<(string, string), IReadOnlyList<DependencyBinding>>());

    private readonly IReadOnlyDictionary<(string Source, string Subject), IReadOnlyList<DependencyBinding>> _bindings;

    private SensorIndex(IReadOnlyDictionary<(string, string), IReadOnlyList<DependencyBinding>> bindings) => _bindings = bindings;

    public int Count => _bindings.Values.Sum(b => b.Count);

    public IReadOnlyList<DependencyBinding> Lookup(string source, string subject) =>
        _bindings.TryGetValue((source, subject), out var found) ? found : [];

    public static SensorIndex Build(IEnumerable<Sensor> sensors)
    {
        var bindings = new Dictionary<(string, string), List<DependencyBinding>>();
        foreach (var sensor in sensors)
        {
            foreach (var (key, binding) in BindingsOf(sensor))
            {
                (bindings.TryGetValue(key, out var list) ? list : bindings[key] = []).Add(binding);
            }
        }

        return new SensorIndex(bindings.ToDictionary(b => b.Key, b => (IReadOnlyList<DependencyBinding>)b.Value));
    }

    /// <summary>The dependencies of one sensor that some trigger's conditions name, each keyed by (eventSourceName, eventName).</summary>
    private static List<((string, string) Key, DependencyBinding Binding)> BindingsOf(Sensor sensor)
    {
        var result = new List<((string, string), DependencyBinding)>();
        var dependencies = sensor.Spec.Dependencies;
        var triggersByDependency = new Dictionary<string, List<TriggerBinding>>(StringComparer.Ordinal);
        foreach (var trigger in sensor.Spec.Triggers)
        {
            var name = trigger.Template?.Name;
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var names = dependencies.Select(d => d.Name!).ToList();
            string conditions;
            try
            {
                conditions = ConditionExpression.ResolveNames(ConditionExpression.Effective(trigger.Template!.Conditions, names), names);
            }
            catch (FormatException)
            {
                continue;
            }

            var node = ConditionExpression.Parse(conditions);

            var named = node.Dependencies();
            var resets = (trigger.Template.ConditionsReset ?? [])
                .Where(r => !string.IsNullOrWhiteSpace(r.ByTime?.Cron))
                .Select(r => new ConditionsResetSchedule { Cron = r.ByTime!.Cron!, Timezone = r.ByTime.Timezone })
                .ToList();
            var generation = Generation(conditions, dependencies.Where(d => named.Contains(d.Name!)));
            var binding = new TriggerBinding(name, DeterministicGuid.Create("trigger", sensor.Name, name), conditions, generation, resets);
            foreach (var dependency in named)
            {
                (triggersByDependency.TryGetValue(dependency, out var list) ? list : triggersByDependency[dependency] = []).Add(binding);
            }
        }

        foreach (var dependency in dependencies)
        {
            if (!triggersByDependency.TryGetValue(dependency.Name!, out var triggers))
            {
                continue;
            }

            var key = (dependency.EventSourceName!, dependency.EventName!);
            result.Add((key, new DependencyBinding(sensor.Name, dependency, triggers)));
        }

        return result;
    }

    /// <summary>Changes whenever the conditions or a named dependency's definition change; stored events of another generation are discarded.</summary>
    /// <remarks>
    /// The first 16 hex digits of the SHA-256 of the UTF-8 text: the conditions, then each dependency's JSON in name
    /// order, joined by newlines. Hashed piece by piece, each dependency's JSON made as UTF-8 once, with no text of the
    /// whole; the value is the same as it always was (it is stored with the correlation state).
    /// </remarks>
    public static string Generation(string conditions, IEnumerable<EventDependency> dependencies)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(conditions));
        hash.AppendData(NewLine);
        var first = true;
        foreach (var dependency in dependencies.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!first)
            {
                hash.AppendData(NewLine);
            }

            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(dependency, SpecJson.Options));
            first = false;
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    private static readonly byte[] NewLine = "\n"u8.ToArray();
}
