using System.IO.Compression;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// Writes the one large part of a document (the bilag's body, the Excel export's sheet) straight into the finished
/// zip. The SDK's own package is a zip in update mode (the SDK cannot write a write-only package: it reads the
/// package's relationships, which System.IO.Packaging refuses in write-only mode), and a zip in update mode keeps
/// every entry's uncompressed bytes in memory until it is closed: for the bilag's document.xml about 1.55 KB per
/// cell (31 MB for 200 × 100), however streamed the writer. So the SDK writes every other part, with the large one
/// left empty, and this copies its entries into a zip in create mode, which compresses the large part into the
/// output as it is written.
/// </summary>
internal static class StreamedPart
{
    /// <summary>
    /// The package in <paramref name="frame"/> with the part at <paramref name="partUri"/> written by
    /// <paramref name="write"/> instead of copied.
    /// </summary>
    public static byte[] Package(MemoryStream frame, Uri partUri, Action<Stream> write)
    {
        var name = partUri.OriginalString.TrimStart('/');
        var written = false;
        frame.Position = 0;
        using var output = new MemoryStream();
        using (var source = new ZipArchive(frame, ZipArchiveMode.Read, leaveOpen: true))
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = entry.LastWriteTime;
                using var to = copy.Open();
                if (entry.FullName == name)
                {
                    write(to);
                    written = true;
                }
                else
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                }
            }
        }

        return written ? output.ToArray() : throw new InvalidOperationException($"The package has no part {partUri} to write.");
    }
}
