namespace Supervision.Core.Domain;

/// <summary>
/// The one exception the domain throws when a guarded method refuses a change. Its message is Chinese and
/// is meant to be shown to the person who tried the action as it is.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
