using System.Text.RegularExpressions;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Docs;

/// <summary>
/// docs/architecture.md's lists against the tree: a folder, a table or a view added, moved or removed without its
/// line in the doc fails here (the function list is <c>FunctionMetadataTests</c>').
/// </summary>
public partial class ArchitectureDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoFiles.Root, "docs", "architecture.md"));

    private static readonly HashSet<string> NotSourceFolders = new(StringComparer.Ordinal) { "bin", "obj", "TestResults" };

    [Theory]
    [InlineData("src/Shared")]
    [InlineData("src/Functions")]
    [InlineData("src/DevServer")]
    [InlineData("tests/Fremdrift.Tests")]
    public void Every_folder_of_a_project_is_in_the_docs_folder_table_and_every_listed_folder_exists(string project)
    {
        var onDisk = Directory.EnumerateDirectories(Path.Combine(RepoFiles.Root, project))
            .Select(folder => Path.GetFileName(folder))
            .Where(name => !name.StartsWith('.') && !NotSourceFolders.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        var listed = FolderNames().Matches(TableAfter($"| `{project}` folder |")).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(onDisk, listed);
    }

    [Fact]
    public void Every_table_the_app_creates_is_named_in_the_storage_section()
    {
        var storage = Section("## Storage");

        Assert.All(StorageClients.TableNames, table => Assert.Contains($"`{table}`", storage, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_view_is_in_its_folders_row_and_every_listed_view_exists()
    {
        var views = Section("## Views");
        var folders = Directory.EnumerateDirectories(Path.Combine(RepoFiles.Root, "src", "Shared"), "Views", SearchOption.AllDirectories)
            .Append(Path.Combine(RepoFiles.Root, "src", "DevServer", "Views"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var problems = new List<string>();
        foreach (var folder in folders)
        {
            var relative = Path.GetRelativePath(RepoFiles.Root, folder).Replace('\\', '/');
            var row = views.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{relative}` |", StringComparison.Ordinal));
            if (row is null)
            {
                problems.Add($"{relative} has no row");
                continue;
            }

            var onDisk = Directory.EnumerateFiles(folder, "*.razor").Select(file => Path.GetFileNameWithoutExtension(file)).Order(StringComparer.Ordinal).ToList();
            var listed = ViewNames().Matches(row[(row.IndexOf("` |", StringComparison.Ordinal) + 3)..]).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
            problems.AddRange(onDisk.Except(listed).Select(v => $"{relative}/{v}.razor is not listed"));
            problems.AddRange(listed.Except(onDisk).Select(v => $"{relative}: {v} is listed but does not exist"));
        }

        Assert.Empty(problems);
    }

    /// <summary>The lines of the markdown table whose header line starts with <paramref name="header"/>.</summary>
    private static string TableAfter(string header)
    {
        var start = Doc.IndexOf(header, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/architecture.md has no table \"{header}\"");
        var end = Doc.IndexOf("\n\n", start, StringComparison.Ordinal);
        return Doc[start..(end < 0 ? Doc.Length : end)];
    }

    private static string Section(string heading)
    {
        var start = Doc.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/architecture.md has no section \"{heading}\"");
        var end = Doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return Doc[start..(end < 0 ? Doc.Length : end)];
    }

    [GeneratedRegex(@"`(\w+)/`")]
    private static partial Regex FolderNames();

    [GeneratedRegex(@"`([A-Z]\w+)`")]
    private static partial Regex ViewNames();
}
