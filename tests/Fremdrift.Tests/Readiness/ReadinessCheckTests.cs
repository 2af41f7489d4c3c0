using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Site;
using Fremdrift.Shared.Storage;
using Fremdrift.Tests.Infrastructure;

namespace Fremdrift.Tests.Readiness;

/// <summary>"Klar til 2028?" on Azurite, with SendGrid's scopes call answered by a local fake: each check green, and each red with what to do.</summary>
public class ReadinessCheckTests
{
    private static ReadinessCheck Check(ReadinessReport report, string title) => Assert.Single(report.Checks, c => c.Title.StartsWith(title, StringComparison.Ordinal));

    [Fact]
    public async Task Everything_set_is_all_green_for_next_year_and_asks_SendGrid_once_without_mailing()
    {
        await using var world = await ReadinessWorld.CreateAsync();

        var checker = world.Checker();
        var year = await checker.NextYearAsync(default);
        var report = await checker.CheckAsync(year, default);

        Assert.Equal(2028, year);
        Assert.True(report.AllGreen, string.Join("\n", report.Checks.Where(c => !c.Ok).Select(c => c.Title + ": " + c.Detail)));
        Assert.Equal(7, report.Checks.Count);
        Assert.Equal(ReadinessWorld.Opens2028, report.OpensAt);
        Assert.Contains("om 20 dage", Check(report, "Årshjulet").Detail, StringComparison.Ordinal);
        Assert.Contains("16 anbefalinger", Check(report, "Årets anbefalinger").Detail, StringComparison.Ordinal);
        Assert.Equal(["Bearer " + ReadinessWorld.Key], world.SendGrid.ScopeRequests);
        Assert.Empty(world.SendGrid.Mails);
        Assert.Empty(world.SendGrid.Unexpected);
        Assert.Empty(await world.SendLog.ListAsync(2028));
    }

    [Fact]
    public async Task A_key_SendGrid_refuses_with_401_is_red_and_says_what_to_do()
    {
        await using var world = await ReadinessWorld.CreateAsync(acceptedKey: "SG.another-key");

        var check = Check(await world.Checker().CheckAsync(2028, default), "Mailtjenesten");

        Assert.False(check.Ok);
        Assert.Contains("SendGrid afviser nøglen (status 401)", check.Detail, StringComparison.Ordinal);
        Assert.Contains("Key Vault", check.WhatToDo, StringComparison.Ordinal);
        Assert.Single(world.SendGrid.ScopeRequests);
    }

    [Fact]
    public async Task A_key_without_mail_send_or_no_key_at_all_is_red()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        await using var readOnly = new SendGridScopesFake(ReadinessWorld.Key, "alerts.read");
        world.Mail.SendGridHost = readOnly.Host;

        Assert.Contains("mail.send mangler", Check(await world.Checker().CheckAsync(2028, default), "Mailtjenesten").Detail, StringComparison.Ordinal);

        world.Mail.SendGridApiKey = "";
        Assert.Contains("Mail__SendGridApiKey", Check(await world.Checker().CheckAsync(2028, default), "Mailtjenesten").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chief_without_address_or_with_an_uncorrected_bounce_is_red_by_name()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        var kbh = (await world.Directory.GetAsync(101))!;
        await world.Directory.UpdateAsync(kbh.Jobcentre with { ChiefEmail = "" }, kbh.Version);
        var alb = (await world.Directory.GetAsync(165))!;
        await world.Directory.UpdateAsync(alb.Jobcentre with { Bounce = new MailBounce(alb.Jobcentre.ChiefEmail, "bounce", "550 ukendt modtager", ReadinessWorld.Opens2028.AddDays(-330)) }, alb.Version);

        var check = Check(await world.Checker().CheckAsync(2028, default), "Adresser");

        Assert.False(check.Ok);
        Assert.Contains("Uden adresse: Jobcenter København.", check.Detail, StringComparison.Ordinal);
        Assert.Contains("Afvist af modtageren og ikke rettet siden: Jobcenter Albertslund", check.Detail, StringComparison.Ordinal);

        // Corrected (the contact form clears the bounce and sets an address): green again.
        kbh = (await world.Directory.GetAsync(101))!;
        await world.Directory.UpdateAsync(kbh.Jobcentre with { ChiefEmail = "chef@kk.example" }, kbh.Version);
        alb = (await world.Directory.GetAsync(165))!;
        await world.Directory.UpdateAsync(alb.Jobcentre with { Bounce = null }, alb.Version);
        Assert.True(Check(await world.Checker().CheckAsync(2028, default), "Adresser").Ok);
    }

    [Fact]
    public async Task A_missing_or_short_signing_key_is_red()
    {
        await using var world = await ReadinessWorld.CreateAsync();

        world.Survey.LinkSigningKey = "";
        Assert.Contains("ikke sat", Check(await world.Checker().CheckAsync(2028, default), "Nøglen").Detail, StringComparison.Ordinal);
        world.Survey.LinkSigningKey = Convert.ToBase64String(new byte[16]);
        Assert.Contains("for kort (16 byte", Check(await world.Checker().CheckAsync(2028, default), "Nøglen").Detail, StringComparison.Ordinal);
        world.Survey.LinkSigningKey = "ikke base64!";
        Assert.False(Check(await world.Checker().CheckAsync(2028, default), "Nøglen").Ok);
    }

    [Fact]
    public async Task An_opening_that_has_passed_without_the_cycle_opening_is_red()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        world.Clock.SetUtcNow(ReadinessWorld.Opens2028.AddDays(1));

        var check = Check(await world.Checker().CheckAsync(2028, default), "Årshjulet");

        Assert.False(check.Ok);
        Assert.Contains("skulle have åbnet", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalogue_file_that_cannot_be_read_is_red()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        var file = Path.Combine(Path.GetTempPath(), "fremdrift-katalog-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        await File.WriteAllTextAsync(file, "{ \"title\": ");
        try
        {
            world.Cycle.CatalogueFile = file;

            var check = Check(await world.Checker().CheckAsync(2028, default), "Årets anbefalinger");

            Assert.False(check.Ok);
            Assert.Contains("kan ikke læses", check.Detail, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Missing_accessibility_and_privacy_links_are_red_naming_the_settings()
    {
        await using var world = await ReadinessWorld.CreateAsync();
        world.Site = new SiteOptions { PrivacyNoticeUrl = "https://kkr.example/privatliv" };

        var check = Check(await world.Checker().CheckAsync(2028, default), "Tilgængelighedserklæring");

        Assert.False(check.Ok);
        Assert.Contains("Site__AccessibilityStatementUrl", check.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Site__PrivacyNoticeUrl", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_out_of_reach_is_red_and_the_other_checks_still_answer()
    {
        var options = await TestAzurite.FreshOptionsAsync();
        var azurite = await TestAzurite.GetAsync();
        // Azurite's own account, on a port where nothing listens.
        using var nothingListens = Infrastructure.LoopbackPorts.Refusing(out var refusing);
        var port = refusing.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dead = TestAzurite.Clients(new StorageOptions
        {
            ConnectionString = azurite.ConnectionString
                .Replace(azurite.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture), port, StringComparison.Ordinal)
                .Replace(azurite.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port, StringComparison.Ordinal),
            TablePrefix = options.TablePrefix,
            DocumentContainer = options.DocumentContainer,
        });
        await using var world = await ReadinessWorld.CreateAsync(dead);

        var report = await world.Checker().CheckAsync(2028, default);

        Assert.Contains("Kan ikke nå lageret", Check(report, "Lageret").Detail, StringComparison.Ordinal);
        Assert.False(Check(report, "Adresser").Ok);
        Assert.True(Check(report, "Mailtjenesten").Ok);
        Assert.True(Check(report, "Nøglen").Ok);
    }
}
