using System.Diagnostics.CodeAnalysis;

// Another branch (the storage measurements) edits this file at the same time; its type can become internal once both are merged.
[assembly: SuppressMessage("Maintainability", "CA1515", Scope = "type", Target = "~T:Fremdrift.Tests.Performance.StorageRequestCounts", Justification = "Left public while Performance/ is being changed on another branch.")]
