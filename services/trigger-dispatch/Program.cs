using Microservices.Events.ServiceDefaults;
using Microservices.Events.TriggerDispatch.Failures;

namespace Microservices.Events.TriggerDispatch;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("trigger-dispatch");
        builder.AddTriggerDispatch();
        builder.AddEventBus(TriggerDispatchBus.Part);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapFailedFirings();
        app.Run();
    }
}
