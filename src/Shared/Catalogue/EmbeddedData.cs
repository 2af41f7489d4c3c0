namespace Fremdrift.Shared.Catalogue;

/// <summary>Reads the data files that ship inside the assembly (catalogue, municipalities).</summary>
internal static class EmbeddedData
{
    private const string Prefix = "Fremdrift.Data.";

    /// <summary>The file names of every embedded data file.</summary>
    public static IEnumerable<string> Names() =>
        typeof(EmbeddedData).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]);

    public static string Read(string fileName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new InvalidOperationException($"Embedded data file {fileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
