using System.Globalization;
using Fremdrift.Shared.Readiness.Views;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Readiness;

/// <summary>The full readiness page (<c>/sekretariat/klar/{år}</c>), for both hosts: each check green or red, with what to do.</summary>
public sealed class ReadinessPage(ReadinessChecker checker)
{
    public const string Path = SecretariatPaths.Root + "/klar";

    public static string PageUrl(int year) => Path + "/" + year.ToString(CultureInfo.InvariantCulture);

    public async Task<PageResult> ShowAsync(int year, CancellationToken ct)
    {
        if (year is < 2000 or > 2200)
        {
            return PageResult.Html(404, HtmlLayout.MessagePage("Klar til året?", "Klar til året?", $"{year} er ikke et år, Fremdrift kan tjekke."));
        }

        var report = await checker.CheckAsync(year, ct);
        return PageResult.Html(200, HtmlViewRenderer.Render<ReadinessView, ReadinessReport>(report));
    }
}
