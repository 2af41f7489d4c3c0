using Fremdrift.DevServer;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Tests.Infrastructure;
using Fremdrift.Tests.Survey;
using Microsoft.Playwright;

namespace Fremdrift.Tests.Browser;

/// <summary>
/// A jobcentre chief in headless Chromium: opens the link from the outbox, saves a draft, comes back, submits,
/// edits after submitting, and finds the form closed after the deadline; axe-core checks each page on a
/// desktop and a phone, and the stored answers are exactly what was typed.
/// </summary>
public class SurveyBrowserTests(SurveyFixture f) : IClassFixture<SurveyFixture>
{
    private const int Code = 165;
    private const string DanishRemark = "Vi samarbejder med Ærø, Ødsherred og Åbenrå om jobrotation – \"godt på vej\".";
    private const string ScriptRemark = "<script>alert('hej')</script> Forsinket pga. udbud";

    [Fact]
    public async Task A_chief_saves_a_draft_comes_back_submits_edits_and_finds_the_form_closed_after_the_deadline()
    {
        await f.Get<ISurveyMailer>().SendInvitationAsync(SurveyFixture.Year, Code, CancellationToken.None);
        var recommendations = f.Catalogue.AllRecommendations.ToList();
        var skal = recommendations.Where(r => r.Obligation == Obligation.Skal).ToList();
        var kan = recommendations.First(r => r.Obligation == Obligation.Kan);
        var (first, second) = (skal[0].Id, skal[1].Id);

        await using var context = await TestBrowser.NewContextAsync(credentials: new HttpCredentials { Username = SecretariatAuth.User, Password = TestDevServer.SecretariatPassword });
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        // The outbox lists the invitation with its link; the chief clicks it.
        await page.GotoAsync(f.Server.BaseUrl + "/sekretariat/udbakke");
        var linkInOutbox = page.Locator("a[href*='/skema/']").First;
        var link = await linkInOutbox.GetAttributeAsync("href");
        await linkInOutbox.ClickAsync();
        Assert.Equal(link, page.Url);
        Assert.Equal("Fremdriftsskema 2027", await page.InnerTextAsync("h1"));
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));

        // Draft: two answers, one with Danish letters, one with a script tag.
        await page.CheckAsync($"#f-{first}-groen");
        await page.FillAsync($"#b-{first}", DanishRemark);
        await page.CheckAsync($"#f-{second}-gul");
        await page.FillAsync($"#b-{second}", ScriptRemark);
        await page.ClickAsync("button[value=gem]");
        var afterSave = await page.InnerTextAsync("main");
        Assert.Contains("Kladden er gemt", afterSave, StringComparison.Ordinal);
        Assert.DoesNotContain("Kladde gemt", afterSave, StringComparison.Ordinal);
        Assert.EndsWith("#besked", page.Url, StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<double>("() => document.getElementById('besked').getBoundingClientRect().top") is >= 0 and < 900, "the notice is in view after saving");
        Assert.Equal(first, await page.InnerTextAsync($"#r-{first} legend .rid"));

        // Keyboard focus on a choice rings the whole option in a dark colour, not just the radio in pale yellow.
        await page.FocusAsync($"#b-{first}");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal($"f-{first}-groen", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        var ring = await page.EvaluateAsync<string>($"() => getComputedStyle(document.querySelector('#f-{first}-groen').closest('label')).outlineColor + ' ' + getComputedStyle(document.querySelector('#f-{first}-groen').closest('label')).outlineStyle");
        Assert.Equal("rgb(26, 26, 26) solid", ring);
        await TestBrowser.ScreenshotAsync(page, "skema-1280.png");

        // Come back later: the draft is there, as typed.
        await page.GotoAsync(link!);
        Assert.True(await page.IsCheckedAsync($"#f-{first}-groen"));
        Assert.True(await page.IsCheckedAsync($"#f-{second}-gul"));
        Assert.Equal(DanishRemark, await page.InputValueAsync($"#b-{first}"));
        Assert.Equal(ScriptRemark, await page.InputValueAsync($"#b-{second}"));

        // Submitting with a SKAL left open is refused and says where.
        await page.ClickAsync("button[value=indsend]");
        Assert.Contains("Skemaet er ikke indsendt", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));

        // Complete and submit.
        foreach (var r in skal.Skip(2))
        {
            await page.CheckAsync($"#f-{r.Id}-groen");
        }

        // Every KAN needs a status too: one is left open first, and the refusal names it by its id.
        await page.CheckAsync($"#f-{kan.Id}-ikke-relevant");
        var otherKan = recommendations.Where(r => r.Obligation == Obligation.Kan && r.Id != kan.Id).ToList();
        foreach (var r in otherKan.Skip(1))
        {
            await page.CheckAsync($"#f-{r.Id}-groen");
        }

        await page.ClickAsync("button[value=indsend]");
        Assert.Contains($"{otherKan[0].Id}: Mangler status", await page.InnerTextAsync("#besked"), StringComparison.Ordinal);
        await page.CheckAsync($"#f-{otherKan[0].Id}-gul");
        await page.FillAsync($"#b-{otherKan[0].Id}", "I gang");
        await page.ClickAsync("button[value=indsend]");
        var receipt = await page.InnerTextAsync("main");
        Assert.Contains("Tak – jeres svar er indsendt", receipt, StringComparison.Ordinal);
        Assert.Contains(ScriptRemark, receipt, StringComparison.Ordinal);
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));

        var stored = (await f.Get<ResponseRepository>().GetAsync(SurveyFixture.Year, Code))!;
        Assert.Equal(ResponseState.Submitted, stored.State);
        Assert.Equal(new Answer(first, Rating.Groen, DanishRemark), stored.Submitted.Single(a => a.RecommendationId == first));
        Assert.Equal(new Answer(second, Rating.Gul, ScriptRemark), stored.Submitted.Single(a => a.RecommendationId == second));
        Assert.Equal(Rating.IkkeRelevant, stored.Submitted.Single(a => a.RecommendationId == kan.Id).Rating);
        Assert.All(skal, r => Assert.NotNull(stored.Submitted.Single(a => a.RecommendationId == r.Id).Rating));

        // Edit after submitting: the new submission replaces the old one.
        await page.ClickAsync("text=Ret jeres svar");
        Assert.True(await page.IsCheckedAsync($"#f-{first}-groen"));
        await page.CheckAsync($"#f-{first}-roed");
        await page.FillAsync($"#b-{first}", "Samarbejdet er gået i stå – ny aftale på vej");
        await page.ClickAsync("button[value=indsend]");
        Assert.Contains("Tak – jeres svar er indsendt", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var edited = (await f.Get<ResponseRepository>().GetAsync(SurveyFixture.Year, Code))!;
        Assert.Equal(new Answer(first, Rating.Roed, "Samarbejdet er gået i stå – ny aftale på vej"), edited.Submitted.Single(a => a.RecommendationId == first));
        Assert.Equal(ScriptRemark, edited.Submitted.Single(a => a.RecommendationId == second).Remark);

        // On a phone: no violations and nothing wider than the screen.
        await using var phone = await TestBrowser.NewContextAsync(phone: true);
        var small = await phone.NewPageAsync();
        await small.GotoAsync(link!);
        Assert.Empty(await TestBrowser.AxeViolationsAsync(small));
        Assert.True(await small.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the form scrolls sideways on a phone");
        await TestBrowser.ScreenshotAsync(small, "skema-390.png");

        // After the deadline the same link shows the closed page with the secretariat's contact.
        f.Clock.SetUtcNow(SurveyFixture.Deadline.AddSeconds(1));
        await page.GotoAsync(link!);
        var closed = await page.InnerTextAsync("main");
        Assert.Contains("er lukket", closed, StringComparison.Ordinal);
        Assert.Contains("sekretariat@kkr-test.example", closed, StringComparison.Ordinal);
        Assert.Empty(await TestBrowser.AxeViolationsAsync(page));
        Assert.Equal(0, dialogs);
    }
}
