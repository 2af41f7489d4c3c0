namespace Fremdrift.Shared.Catalogue;

/// <summary>Reads the data files that ship inside the assembly (catalogue, municipalities).</summary>
internal static class EmbeddedData
{
    public static string Read(string fileName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream("Fremdrift.Data." + fileName)
            ?? throw new InvalidOperationException($"Embedded data file {fileName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
