using Microservices.Events.Persistence.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.Tests.Persistence;

/// <summary>Where each resource watch got to, kept per event and only for the same watch; the in-memory provider behaves the same.</summary>
[Collection(StateCollection.Name)]
public sealed class ResourceVersionStoreTests(PostgresFixture postgres)
{
    private const string Watch = "apis/argoproj.io/v1alpha1/namespaces/argo/workflows?labelSelector=app==x";

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("InMemory")]
    public async Task The_last_version_is_kept_per_event_for_its_watch_and_can_be_forgotten(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = process.GetRequiredService<IResourceVersionStore>();

        Assert.Null(await store.LastAsync("cluster", "flows", Watch, default));
        await store.RecordAsync("cluster", "flows", Watch, "105", default);
        await store.RecordAsync("cluster", "flows", Watch, "230", default);
        await store.RecordAsync("cluster", "other", Watch, "7", default);

        Assert.Equal("230", await store.LastAsync("cluster", "flows", Watch, default));
        Assert.Equal("7", await store.LastAsync("cluster", "other", Watch, default));
        Assert.Null(await store.LastAsync("cluster", "flows", "api/v1/pods", default));

        await store.RecordAsync("cluster", "flows", Watch, null, default);
        Assert.Null(await store.LastAsync("cluster", "flows", Watch, default));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_version_recorded_by_one_process_is_read_by_the_next(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using (var first = StateProcess.Start(backend))
        {
            await first.GetRequiredService<IResourceVersionStore>().RecordAsync("cluster", "flows", Watch, "42", default);
        }

        await using var second = StateProcess.Start(backend);
        Assert.Equal("42", await second.GetRequiredService<IResourceVersionStore>().LastAsync("cluster", "flows", Watch, default));
    }
}
