using System.Net.Http.Headers;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Fremdrift.Tests.Web;

/// <summary>
/// A document downloads under its Danish name in both hosts: the Functions app maps a <see cref="PageResult"/> with
/// <c>PageActionResult</c>, the local host with <c>PageResultHttp</c>; a browser reads <c>filename*</c> (UTF-8) and
/// falls back to the ASCII <c>filename</c>.
/// </summary>
public sealed class DownloadNameTests
{
    public static TheoryData<string, string> Names => new()
    {
        { "Bilag status for anbefalinger 2027 v3.docx", "Bilag status for anbefalinger 2027 v3.docx" },
        { "Fremdriftsskema 2027 Høje-Taastrup v1.docx", "Fremdriftsskema 2027 Hoeje-Taastrup v1.docx" },
        { "Svar på fremdriftsskemaet 2027 v1.xlsx", "Svar paa fremdriftsskemaet 2027 v1.xlsx" },
        { "Fremdriftsskema 2027 Ærø Å Øster v1.docx", "Fremdriftsskema 2027 Aeroe Aa Oester v1.docx" },
        { "UDKAST bilag 2027 – v2; \"endelig\" 100% \\ a/b.docx", "UDKAST bilag 2027 _ v2; _endelig_ 100% _ a_b.docx" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_functions_host_sends_the_danish_name_and_an_ascii_fallback(string name, string ascii)
    {
        var context = new DefaultHttpContext();
        await new global::Fremdrift.Functions.PageActionResult(PageResult.File([1, 2, 3], "application/octet-stream", name))
            .ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));

        AssertDownloadName(context.Response, name, ascii);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_local_host_sends_the_danish_name_and_an_ascii_fallback(string name, string ascii)
    {
        var context = new DefaultHttpContext();
        await new global::Fremdrift.DevServer.PageResultHttp(PageResult.File([1, 2, 3], "application/octet-stream", name)).ExecuteAsync(context);

        AssertDownloadName(context.Response, name, ascii);
    }

    [Fact]
    public void The_header_is_what_it_was_when_it_was_written_by_hand()
    {
        var header = PageResult.File([], "application/octet-stream", "Fremdriftsskema 2027 Høje-Taastrup v1.docx").Headers["Content-Disposition"];

        Assert.Equal(
            "attachment; filename=\"Fremdriftsskema 2027 Hoeje-Taastrup v1.docx\"; filename*=utf-8''Fremdriftsskema%202027%20H%C3%B8je-Taastrup%20v1.docx",
            header,
            ignoreCase: true);
    }

    [Fact]
    public void A_line_break_in_a_name_cannot_start_a_new_header()
    {
        var header = PageResult.File([], "application/octet-stream", "Bilag\r\nSet-Cookie: x=1.docx").Headers["Content-Disposition"];

        Assert.DoesNotContain('\r', header);
        Assert.DoesNotContain('\n', header);
        Assert.Equal("Bilag\r\nSet-Cookie: x=1.docx", ContentDispositionHeaderValue.Parse(header).FileNameStar);
    }

    private static void AssertDownloadName(HttpResponse response, string name, string ascii)
    {
        Assert.Equal(200, response.StatusCode);
        var disposition = ContentDispositionHeaderValue.Parse(response.Headers.ContentDisposition.ToString());
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name, disposition.FileNameStar);
        Assert.Equal(ascii, disposition.FileName);
        Assert.All(response.Headers.ContentDisposition.ToString(), c => Assert.InRange(c, ' ', '~'));
    }
}
