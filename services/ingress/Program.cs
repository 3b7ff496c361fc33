using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Ingress;

public sealed class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults("ingress");
        builder.AddIngress();
        builder.AddEventBus(IngressBus.Part);

        var app = builder.Build();
        app.UseIngress();
        app.MapDefaultEndpoints();
        app.Run();
    }
}
