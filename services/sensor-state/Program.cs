using Microservices.Events.SensorState.Replay;
using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.SensorState;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("sensor-state");
        builder.AddSensorState();
        builder.AddEventBus(SensorStateBus.Part);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapReplay();
        app.Run();
    }
}
