using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.BusGateway;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("bus-gateway");
        builder.AddBusGateway();
        builder.AddEventBus(BusGatewayBus.Part);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.Run();
    }
}
