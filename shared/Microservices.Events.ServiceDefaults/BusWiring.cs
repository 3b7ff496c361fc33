using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// The check, on start, that the bus carries the part of every service the process hosts and nothing else. A service's
/// <c>AddXxx()</c> declares its part with <see cref="RequireBusPart"/>; <see cref="EventBusExtensions.AddEventBus"/>
/// records the parts it was given. Either may come first.
/// </summary>
public static class BusWiring
{
    /// <summary>Declares that this process hosts <paramref name="part"/>'s service, so the bus must carry that part.</summary>
    public static IServiceCollection RequireBusPart(this IServiceCollection services, BusPart part, [CallerMemberName] string addedBy = "")
    {
        if (!services.Any(d => d.ImplementationInstance is RequiredBusPart r && r.Service == part.Service))
        {
            services.AddSingleton(new RequiredBusPart(part.Service, addedBy));
        }

        return services.AddWiringCheck();
    }

    internal static IServiceCollection AddWiringCheck(this IServiceCollection services)
    {
        services.AddOptions<BusWiringCheck>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BusWiringCheck>, BusWiringValidator>());
        return services;
    }
}

/// <summary>A service this process hosts, and the call that added it.</summary>
internal sealed record RequiredBusPart(string Service, string AddedBy);

/// <summary>The parts the one bus of this process was given, and the call that added it.</summary>
internal sealed record AppliedBusParts(IReadOnlyList<string> Services, string AddedBy);

/// <summary>Nothing to configure: the options type that carries the start-up check.</summary>
internal sealed class BusWiringCheck;

internal sealed class BusWiringValidator(IEnumerable<RequiredBusPart> required, IEnumerable<AppliedBusParts> applied) : IValidateOptions<BusWiringCheck>
{
    public ValidateOptionsResult Validate(string? name, BusWiringCheck options)
    {
        var bus = applied.FirstOrDefault();
        if (bus is null)
        {
            return ValidateOptionsResult.Fail(required.Select(r =>
                $"{r.Service} is registered ({r.AddedBy}) but no event bus was added: call AddEventBus with the bus part of every service this process hosts"));
        }

        var failures = required
            .Where(r => !bus.Services.Contains(r.Service, StringComparer.Ordinal))
            .Select(r => $"{r.Service} is registered ({r.AddedBy}) but its bus part was not passed to {bus.AddedBy}; its consumers would never run")
            .Concat(bus.Services
                .Where(s => !required.Any(r => r.Service == s))
                .Select(s => $"{bus.AddedBy} was given the bus part of {s}, but {s} is not registered in this process (its AddXxx() was not called)"))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
