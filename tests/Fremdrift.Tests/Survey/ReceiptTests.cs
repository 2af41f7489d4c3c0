using System.Net;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Cycle;

namespace Fremdrift.Tests.Survey;

/// <summary>
/// The chief's receipt, end to end on the local host with the real loop: a submit over HTTP (clicked twice) gives
/// one receipt mail through the loop and the send-once path, with every answer by its id, the colour in words, the
/// remark and the link; a changed submission gives a receipt of its own.
/// </summary>
public class ReceiptTests
{
    private static readonly FollowUpCycle Plan2027 = CycleSchedule.Plan(2027, new CycleOptions());
    private const int Code = 151;

    [Fact]
    public async Task A_submit_clicked_twice_gets_one_receipt_with_what_was_sent_and_a_changed_submission_gets_another()
    {
        await using var host = await CycleTestHost.StartAsync(Plan2027.OpensAt.AddDays(1));
        var outbox = host.Server.Get<OutboxStore>();
        var link = System.Text.RegularExpressions.Regex.Match(outbox.List().First(m => m.Tags.GetValueOrDefault("jobcentre") == "151").Text, @"https?://\S+/skema/[A-Za-z0-9_-]+").Value;
        var catalogue = (await host.Server.Get<CatalogueRepository>().GetAsync((await host.CycleAsync(2027)).CatalogueYear))!;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var fields = await CompleteFormAsync(client, link, catalogue, "Samarbejde med Ærø – \"godt på vej\"");
        var turn = (await host.StatusAsync()).Turn;
        // A double click: the same form (the same submission id) posted twice. (Posted at the very same moment, one
        // of the two is told of the conflict instead; SurveyFormHttpTests has that race.)
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var post = await client.PostAsync(new Uri(link), new FormUrlEncodedContent(fields));
            Assert.True((int)post.StatusCode < 400, $"submit answered {(int)post.StatusCode}");
        }
        var first = await WaitForReceiptsAsync(host, outbox, turn, 1);

        var receipt = Assert.Single(first);
        Assert.Equal("Kvittering: fremdriftsskema 2027 for Jobcenter Ballerup er modtaget", receipt.Subject);
        var v1 = catalogue.AllRecommendations.First();
        Assert.Contains($"- {v1.Id} ({(v1.Obligation == Obligation.Skal ? "SKAL" : "KAN")}): Grøn. Bemærkning: Samarbejde med Ærø – \"godt på vej\" ({v1.Id})", receipt.Text, StringComparison.Ordinal);
        Assert.Equal(catalogue.AllRecommendations.Count(), receipt.Text.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)));
        Assert.Contains(link, receipt.Text, StringComparison.Ordinal);
        Assert.Contains("indtil svarfristen", receipt.Text, StringComparison.Ordinal);
        Assert.Contains(link, receipt.Html, StringComparison.Ordinal);

        // Changed and sent again: a new submission, a new receipt with the new remark.
        var changed = await CompleteFormAsync(client, link, catalogue, "Rettet");
        turn = (await host.StatusAsync()).Turn;
        Assert.True((int)(await client.PostAsync(new Uri(link), new FormUrlEncodedContent(changed))).StatusCode < 400);
        var both = await WaitForReceiptsAsync(host, outbox, turn, 2);
        Assert.Contains($"Bemærkning: Rettet ({v1.Id})", both.OrderBy(m => m.Id, StringComparer.Ordinal).Last().Text, StringComparison.Ordinal);
        var log = await host.SendLogAsync(2027);
        Assert.Equal(2, log.Count(e => e.MunicipalityCode == Code && e.Step.StartsWith(MailSteps.ReceiptPrefix, StringComparison.Ordinal) && e.Status == SendStatus.Sent));
    }

    /// <summary>The form as the page gives it, every recommendation Grøn with a remark.</summary>
    private static async Task<List<KeyValuePair<string, string>>> CompleteFormAsync(HttpClient client, string link, Fremdrift.Shared.Domain.Catalogue catalogue, string remark)
    {
        var html = await client.GetStringAsync(new Uri(link));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("version", SurveyFixture.Hidden(html, "version")),
            new("indsendelse", SurveyFixture.Hidden(html, "indsendelse")),
            new("handling", "indsend"),
        };
        foreach (var r in catalogue.AllRecommendations)
        {
            fields.Add(new("farve-" + r.Id, "groen"));
            fields.Add(new("bem-" + r.Id, $"{remark} ({r.Id})"));
        }

        return fields;
    }

    /// <summary>Waits for the loop's turns after the submit until <paramref name="count"/> receipts are out and the loop is idle.</summary>
    private static async Task<List<OutboxMail>> WaitForReceiptsAsync(CycleTestHost host, OutboxStore outbox, long afterTurn, int count)
    {
        var until = DateTime.UtcNow + CycleTestHost.Patience;
        List<OutboxMail> receipts;
        do
        {
            await host.Monitor.WaitUntilIdleAsync(2027, afterTurn).WaitAsync(CycleTestHost.Patience);
            receipts = outbox.List().Where(m => m.Tags.GetValueOrDefault("jobcentre") == "151" && m.Subject.StartsWith("Kvittering", StringComparison.Ordinal)).ToList();
            if (receipts.Count >= count)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);

        // Whatever the signals of the submit woke has run: no second receipt is on its way.
        await host.Monitor.WaitUntilIdleAsync(2027, (await host.StatusAsync()).Turn - 1).WaitAsync(CycleTestHost.Patience);
        return outbox.List().Where(m => m.Tags.GetValueOrDefault("jobcentre") == "151" && m.Subject.StartsWith("Kvittering", StringComparison.Ordinal)).ToList();
    }
}
