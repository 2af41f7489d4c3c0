using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// How a year's cycle is planned (section "Cycle"). The defaults follow the secretariat's practice: open on the
/// first working day after 5 January at 08:00, answer by the last working day of February at 23:59, reminders
/// 14, 7 and 2 days before at 09:00 on working days. All times are Copenhagen time.
/// </summary>
public sealed class CycleOptions : IValidatableObject
{
    public const string Section = "Cycle";

    /// <summary>The cycle opens on the first working day after this day of January.</summary>
    [Range(1, 28, ErrorMessage = "Cycle:OpenAfterDayOfJanuary skal være mellem 1 og 28.")]
    public int OpenAfterDayOfJanuary { get; set; } = 5;

    public TimeOnly OpenAt { get; set; } = new(8, 0);

    /// <summary>The deadline is the last working day of this month (2 = February).</summary>
    [Range(1, 12, ErrorMessage = "Cycle:DeadlineMonth skal være mellem 1 og 12.")]
    public int DeadlineMonth { get; set; } = 2;

    public TimeOnly DeadlineAt { get; set; } = new(23, 59);

    /// <summary>Comma-separated days before the deadline; round 1 is the largest.</summary>
    [RegularExpression(@"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$", ErrorMessage = "Cycle:ReminderDaysBeforeDeadline skal være dage adskilt af komma, f.eks. \"14,7,2\".")]
    public string ReminderDaysBeforeDeadline { get; set; } = "14,7,2";

    public TimeOnly ReminderAt { get; set; } = new(9, 0);

    [Range(0, 20, ErrorMessage = "Cycle:MaxRemindersPerJobcentre skal være mellem 0 og 20.")]
    public int MaxRemindersPerJobcentre { get; set; } = 3;

    /// <summary>No automatic mail to a jobcentre sooner than this after its previous one.</summary>
    public TimeSpan MinimumGapBetweenMails { get; set; } = TimeSpan.FromHours(48);

    public bool CloseEarlyWhenAllSubmitted { get; set; } = true;

    /// <summary>A catalogue JSON file for new cycles; empty: the built-in 2015 catalogue, asked again each year.</summary>
    public string? CatalogueFile { get; set; }

    /// <summary>NCRONTAB of the Azure timer that makes sure the year's cycle exists and its loop runs.</summary>
    [Required(ErrorMessage = "Cycle:TimerSchedule skal sættes (NCRONTAB, f.eks. \"0 0 6 * * *\").")]
    public string TimerSchedule { get; set; } = "0 0 6 * * *";

    /// <summary>How long a mail deferred by a transient failure waits before the loop tries it again.</summary>
    public TimeSpan DeferredRetryAfter { get; set; } = TimeSpan.FromMinutes(15);

    public IReadOnlyList<int> ReminderDays() =>
        ReminderDaysBeforeDeadline.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture))
            .Distinct()
            .OrderByDescending(d => d)
            .ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumGapBetweenMails < TimeSpan.Zero || MinimumGapBetweenMails > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult("Cycle:MinimumGapBetweenMails skal være mellem 0 og 30 dage (f.eks. \"2.00:00:00\").", [nameof(MinimumGapBetweenMails)]);
        }

        if (DeferredRetryAfter < TimeSpan.FromSeconds(1) || DeferredRetryAfter > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("Cycle:DeferredRetryAfter skal være mellem 1 sekund og 1 dag.", [nameof(DeferredRetryAfter)]);
        }

        if (!string.IsNullOrWhiteSpace(CatalogueFile) && !File.Exists(CatalogueFile))
        {
            yield return new ValidationResult($"Cycle:CatalogueFile peger på en fil, der ikke findes: {CatalogueFile}", [nameof(CatalogueFile)]);
        }

        if (ReminderDaysBeforeDeadline.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && (days < 1 || days > 60)))
        {
            yield return new ValidationResult("Cycle:ReminderDaysBeforeDeadline: hver værdi skal være mellem 1 og 60 dage.", [nameof(ReminderDaysBeforeDeadline)]);
        }
    }
}
