using Microservices.Events.Persistence;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// One empty state database for one test: a SQLite file in a temp folder, a fresh PostgreSQL database, or nothing for
/// the in-memory provider. <see cref="Configure"/> points <see cref="StateOptions"/> at it; several service providers
/// configured alike share it, like processes would.
/// </summary>
public sealed class StateBackend : IDisposable
{
    private readonly TempStateFile? _file;

    private StateBackend(StateProvider provider, string? connectionString, TempStateFile? file)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _file = file;
    }

    public StateProvider Provider { get; }

    public string? ConnectionString { get; }

    public static async Task<StateBackend> CreateAsync(string provider, PostgresFixture postgres)
    {
        switch (Enum.Parse<StateProvider>(provider))
        {
            case StateProvider.Postgres:
                return new StateBackend(StateProvider.Postgres, await postgres.CreateDatabaseAsync(), null);
            case StateProvider.Sqlite:
                var file = new TempStateFile();
                return new StateBackend(StateProvider.Sqlite, file.ConnectionString, file);
            default:
                return new StateBackend(StateProvider.InMemory, null, null);
        }
    }

    /// <summary>The SQLite file of <paramref name="file"/>, which the caller keeps and deletes.</summary>
    public static StateBackend ForFile(TempStateFile file) => new(StateProvider.Sqlite, file.ConnectionString, null);

    public void Configure(StateOptions options)
    {
        options.Provider = Provider;
        options.ConnectionString = ConnectionString;
    }

    public void Dispose() => _file?.Dispose();
}
