using System.Globalization;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Readiness.Views;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Readiness;

/// <summary>
/// The readiness mail to the secretariat, from the daily timer (both hosts): 30 days before the planned opening the
/// whole check ("readiness-30"), and 7 days before again if anything is red ("readiness-7"). Each goes through
/// <see cref="MailDispatcher.SendOnceAsync"/> keyed by (year, 0 = the secretariat, step), so however many times the
/// timer runs, each is sent once. Only Mail__SecretariatEmail gets it; no chief is ever mailed from here.
/// </summary>
public sealed class ReadinessMailer(
    ReadinessChecker checker,
    MailDispatcher dispatcher,
    ISurveyPublicUrl publicUrl,
    IOptions<MailOptions> mailOptions,
    TimeProvider time,
    ILogger<ReadinessMailer> logger)
{
    public const string ThirtyDaysStep = "readiness-30";
    public const string SevenDaysStep = "readiness-7";
    public const int SecretariatCode = 0;

    public static readonly TimeSpan FirstMail = TimeSpan.FromDays(30);
    public static readonly TimeSpan SecondMail = TimeSpan.FromDays(7);

    /// <summary>What the timer calls: sends what is due, and logs (never throws) when it cannot, so the cycle's own work goes on.</summary>
    public async Task RunFromTimerAsync(CancellationToken ct)
    {
        try
        {
            await SendIfDueAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Tjeklisten \"Klar til næste år\" kunne ikke sendes nu; prøves igen ved næste daglige kørsel");
        }
    }

    /// <summary>The mail due now, if any: null outside the 30 days before the opening; else the send-log entry of the step.</summary>
    public async Task<SendLogEntry?> SendIfDueAsync(CancellationToken ct)
    {
        var year = await checker.NextYearAsync(ct);
        var opensAt = await checker.PlannedOpeningAsync(year, ct);
        var now = time.GetUtcNow();
        if (now >= opensAt || now < opensAt - FirstMail)
        {
            return null;
        }

        if (now >= opensAt - SecondMail)
        {
            var report = await checker.CheckAsync(year, ct);
            if (!report.AllGreen)
            {
                return await SendAsync(year, SevenDaysStep, _ => Task.FromResult(report), ct);
            }
        }

        // The 30-day mail (also when the timer first runs later than that, e.g. a new deployment in December).
        return await SendAsync(year, ThirtyDaysStep, c => checker.CheckAsync(year, c), ct);
    }

    private Task<SendLogEntry> SendAsync(int year, string step, Func<CancellationToken, Task<ReadinessReport>> report, CancellationToken ct) =>
        dispatcher.SendOnceAsync(year, SecretariatCode, step, async c =>
        {
            var mail = mailOptions.Value;
            if (string.IsNullOrWhiteSpace(mail.SecretariatEmail))
            {
                return new MailPlan.Skip("Der er ingen sekretariatsadresse (Mail__SecretariatEmail).");
            }

            return new MailPlan.Send(Message(await report(c), step, mail));
        }, ct);

    private MailMessage Message(ReadinessReport report, string step, MailOptions mail)
    {
        var subject = report.AllGreen
            ? $"Klar til {report.Year}: alt er i orden"
            : $"Klar til {report.Year}? {report.RedCount} af {report.Checks.Count} punkter skal rettes";
        var page = PageUrl(report.Year);
        var html = HtmlViewRenderer.Render<ReadinessMail, ReadinessMailModel>(new(subject, report, page));
        var lines = new List<string>
        {
            $"Opfølgningen {report.Year} åbner {DanishDates.DateAndTime(report.OpensAt)}. Tjekket {DanishDates.DateAndTime(report.CheckedAt)}:",
            "",
        };
        foreach (var check in report.Checks)
        {
            lines.Add($"{(check.Ok ? "I orden" : "SKAL RETTES")}: {check.Title}");
            lines.Add("  " + check.Detail);
            if (check.WhatToDo is { } todo)
            {
                lines.Add("  Sådan: " + todo);
            }

            lines.Add("");
        }

        lines.AddRange(["Hele tjeklisten:", page, "", "Venlig hilsen", "Fremdrift", ""]);
        return MailMessage.Create(mail.SecretariatEmail, mail.FromName, subject, html, string.Join('\n', lines)) with
        {
            Tags = new Dictionary<string, string> { ["year"] = report.Year.ToString(CultureInfo.InvariantCulture), ["step"] = step },
        };
    }

    private string PageUrl(int year)
    {
        try
        {
            return publicUrl.BaseUrl + ReadinessPage.PageUrl(year);
        }
        catch (InvalidOperationException)
        {
            return ReadinessPage.PageUrl(year);
        }
    }
}
