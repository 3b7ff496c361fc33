using Microservices.Events.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>The state services as one process would have them: <c>AddEventsState()</c> over a <see cref="StateBackend"/>.</summary>
public static class StateProcess
{
    public static ServiceProvider Start(StateBackend backend, TimeProvider? time = null, Action<StateOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddEventsState(options =>
        {
            backend.Configure(options);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider(validateScopes: true);
    }
}
