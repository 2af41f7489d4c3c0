using System.Text;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Web;

namespace Fremdrift.Tests.Web;

/// <summary>Text is text: the one reader of form bodies and the rules every form and document applies.</summary>
public class FormTextTests
{
    private static FormText.Parsed Parse(string body) => FormText.ParseUrlEncoded(Encoding.Latin1.GetBytes(body));

    [Theory]
    [InlineData("bem=%C3%28")] // a broken two-byte sequence
    [InlineData("bem=%FF")]
    [InlineData("bem=%ED%A0%80")] // a lone surrogate (U+D800) encoded as UTF-8
    [InlineData("bem=%F4%90%80%80")] // above U+10FFFF
    [InlineData("bem=%C0%AF")] // overlong
    [InlineData("%FF=x")] // in a name
    [InlineData("a=ok&bem=\u00FF")] // a raw byte 0xFF in the body
    public void Invalid_UTF8_refuses_the_whole_body(string body)
    {
        Assert.IsType<FormText.Parsed.InvalidUtf8>(Parse(body));
    }

    [Fact]
    public void Valid_UTF8_percent_encoded_or_raw_and_plus_signs_are_read()
    {
        var raw = Encoding.UTF8.GetBytes("a=%C3%A6%C3%B8%C3%A5+og+%F0%9F%98%80&b=æøå&c=100%&d=%2");

        var fields = Assert.IsType<FormText.Parsed.Fields>(FormText.ParseUrlEncoded(raw)).Pairs;

        Assert.Equal(["æøå og 😀", "æøå", "100%", "%2"], fields.Select(p => p.Value));
    }

    [Fact]
    public void Control_characters_other_than_tab_and_line_breaks_are_removed()
    {
        var fields = Assert.IsType<FormText.Parsed.Fields>(Parse("bem=a%00b%07c%1B%7Fd%C2%85e%09f%0D%0Ag")).Pairs;

        Assert.Equal("abcde\tf\r\ng", fields.Single().Value);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("   \n\t", false)]
    [InlineData("\u200B", false)]
    [InlineData("\u200B\u200D\u2060\uFEFF \u00A0\u202E", false)]
    [InlineData("x", true)]
    [InlineData("\u200B.", true)]
    [InlineData("😀", true)]
    public void A_remark_counts_only_with_a_visible_character(string text, bool visible)
    {
        Assert.Equal(visible, FormText.HasVisibleText(text));
    }

    [Fact]
    public void Mail_To_name_and_subject_are_single_line()
    {
        var message = MailMessage.Create("a@b.example", "Anne\r\nBcc: evil@x.example", "Emne\nX-Header: 1", "<p>x</p>", "x");

        Assert.Equal("Anne Bcc: evil@x.example", message.ToName);
        Assert.Equal("Emne X-Header: 1", message.Subject);
        Assert.Equal("B C", (message with { ToName = "B\u202E\r\nC" }).ToName);
    }

    [Fact]
    public void Bidirectional_controls_are_recognised_and_Arabic_or_Hebrew_letters_are_not()
    {
        Assert.All("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C", c => Assert.True(FormText.IsBidiControl(c)));
        Assert.Equal("abcשלוםمرحبا", FormText.RemoveBidiControls("a\u202Eb\u2066c\u2069שלוםمرحبا"));
    }
}
