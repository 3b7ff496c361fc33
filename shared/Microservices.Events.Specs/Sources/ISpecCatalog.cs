namespace Microservices.Events.Specs.Sources;

/// <summary>Where the services read specs from; <see cref="Changed"/> fires after every reload.</summary>
public interface ISpecCatalog
{
    SpecSnapshot Current { get; }

    event Action<SpecSnapshot>? Changed;
}

/// <summary>A fixed set of specs (tests, simulate).</summary>
public sealed class StaticSpecCatalog(SpecSnapshot snapshot) : ISpecCatalog
{
    private SpecSnapshot _current = snapshot;

    public SpecSnapshot Current => _current;

    public event Action<SpecSnapshot>? Changed;

    public void Replace(SpecSnapshot snapshot)
    {
        _current = snapshot;
        Changed?.Invoke(snapshot);
    }
}
