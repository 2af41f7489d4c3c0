using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Fremdrift.Shared.Bilag;

namespace Fremdrift.Tests.Bilag;

public class StreamedPartTests
{
    /// <summary>A package as the SDK writes it: a main part left empty, and a styles part.</summary>
    private static (MemoryStream Frame, Uri Main) Frame()
    {
        var frame = new MemoryStream();
        Uri main;
        using (var document = WordprocessingDocument.Create(frame, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var part = document.AddMainDocumentPart();
            part.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(new Style { StyleId = "Egen", Type = StyleValues.Paragraph });
            main = part.Uri;
        }

        return (frame, main);
    }

    [Fact]
    public void The_named_part_holds_what_was_written_into_it_and_every_other_part_is_copied()
    {
        var (frame, main) = Frame();
        using var _ = frame;

        var bytes = StreamedPart.Package(frame, main, stream =>
            stream.Write(Encoding.UTF8.GetBytes("""<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Skrevet direkte</w:t></w:r></w:p></w:body></w:document>""")));

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Equal("Skrevet direkte", document.MainDocumentPart!.Document.Body!.InnerText);
        Assert.Equal("Egen", document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().Single().StyleId!.Value);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        using var original = new ZipArchive(new MemoryStream(frame.ToArray()), ZipArchiveMode.Read);
        Assert.Equal(original.Entries.Select(e => e.FullName).Order(), zip.Entries.Select(e => e.FullName).Order());
    }

    [Fact]
    public void A_part_the_package_does_not_have_is_an_error_not_a_document_without_it()
    {
        var (frame, _) = Frame();
        using var _frame = frame;

        var error = Assert.Throws<InvalidOperationException>(() =>
            StreamedPart.Package(frame, new Uri("/word/andet.xml", UriKind.Relative), stream => stream.WriteByte((byte)'x')));
        Assert.Contains("/word/andet.xml", error.Message, StringComparison.Ordinal);
    }
}
