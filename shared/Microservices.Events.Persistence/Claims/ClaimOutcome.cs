namespace Microservices.Events.Persistence.Claims;

/// <summary>What an attempt to claim a key (an event id, a firing id) found.</summary>
public enum ClaimOutcome
{
    /// <summary>The key is now held by this process: go ahead, then complete or release it.</summary>
    Claimed,

    /// <summary>The key was completed inside its window: a duplicate, skip it.</summary>
    Completed,

    /// <summary>Another process holds the key and its lease has not run out: it is working on it now, or died recently.</summary>
    InProgress,
}
