namespace Fremdrift.Tests.Performance;

/// <summary>
/// The tests that count storage requests run alone: a transaction's address names no table, so a transaction of
/// a test running beside them would be counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Maintainability", "CA1515", Justification = "xunit requires collection definitions to be public (xUnit1027).")]
public sealed class StorageRequestCounts
{
    public const string Name = "Storage request counts";
}
