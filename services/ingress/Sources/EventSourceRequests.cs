namespace Microservices.Events.Ingress.Sources;

/// <summary>The middleware of a kind that serves HTTP requests (webhook), added to ingress's pipeline by <see cref="UseEventSourceRequests"/>.</summary>
public sealed record EventSourceRequests(Action<IApplicationBuilder> Use)
{
    /// <summary>Adds every kind's request handling, in registration order, ahead of the service's own endpoints.</summary>
    public static IApplicationBuilder UseEventSourceRequests(IApplicationBuilder app)
    {
        foreach (var requests in app.ApplicationServices.GetServices<EventSourceRequests>())
        {
            requests.Use(app);
        }

        return app;
    }
}
