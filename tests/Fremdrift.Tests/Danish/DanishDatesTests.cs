using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Survey;

namespace Fremdrift.Tests.Danish;

/// <summary>
/// The one home of Danish dates and Copenhagen time: summer time starts at 02:00 on the last Sunday of March
/// (the clock jumps to 03:00) and ends at 03:00 on the last Sunday of October (the clock goes back to 02:00).
/// </summary>
public sealed class DanishDatesTests
{
    [Fact]
    public void The_zone_is_Copenhagen_with_summer_time_not_a_fixed_offset()
    {
        Assert.Equal(TimeSpan.FromHours(1), DanishDates.Copenhagen.GetUtcOffset(new DateTimeOffset(2027, 1, 15, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromHours(2), DanishDates.Copenhagen.GetUtcOffset(new DateTimeOffset(2027, 7, 15, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    // Last Sunday of March 2027 is the 28th: 00:59 UTC is 01.59 winter time, one minute later it is 03.00 summer time.
    [InlineData("2027-03-28T00:59:00Z", "søndag den 28. marts 2027 kl. 01.59")]
    [InlineData("2027-03-28T01:00:00Z", "søndag den 28. marts 2027 kl. 03.00")]
    // Last Sunday of October 2027 is the 31st: 02.30 happens twice, first in summer time, then in winter time.
    [InlineData("2027-10-31T00:30:00Z", "søndag den 31. oktober 2027 kl. 02.30")]
    [InlineData("2027-10-31T00:59:00Z", "søndag den 31. oktober 2027 kl. 02.59")]
    [InlineData("2027-10-31T01:00:00Z", "søndag den 31. oktober 2027 kl. 02.00")]
    [InlineData("2027-10-31T01:30:00Z", "søndag den 31. oktober 2027 kl. 02.30")]
    // The date changes at Copenhagen midnight, not UTC midnight: in winter at 23:00 UTC, in summer at 22:00 UTC.
    [InlineData("2027-02-26T22:59:00Z", "fredag den 26. februar 2027 kl. 23.59")]
    [InlineData("2027-02-26T23:00:00Z", "lørdag den 27. februar 2027 kl. 00.00")]
    [InlineData("2027-06-30T22:00:00Z", "torsdag den 1. juli 2027 kl. 00.00")]
    [InlineData("2026-12-31T23:30:00Z", "fredag den 1. januar 2027 kl. 00.30")]
    public void DateAndTime_shows_Copenhagen_time_across_summer_time_edges(string utc, string expected)
    {
        Assert.Equal(expected, DanishDates.DateAndTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void One_date_style_with_and_without_the_weekday_and_one_clock_style()
    {
        var at = new DateTimeOffset(2027, 2, 15, 13, 5, 0, TimeSpan.Zero);

        Assert.Equal("mandag den 15. februar 2027", DanishDates.Date(at));
        Assert.Equal("mandag den 15. februar 2027 kl. 14.05", DanishDates.DateAndTime(at));
        Assert.Equal("15. februar 2027", DanishDates.ShortDate(at));
        Assert.Equal("15. februar 2027 kl. 14.05", DanishDates.ShortDateAndTime(at));
        Assert.EndsWith(DanishDates.ShortDateAndTime(at), DanishDates.DateAndTime(at), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_month_and_weekday_is_written_in_Danish_whatever_the_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("en-US");
        try
        {
            string[] months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];
            for (var m = 1; m <= 12; m++)
            {
                Assert.Equal($"15. {months[m - 1]} 2027", DanishDates.ShortDate(new DateTimeOffset(2027, m, 15, 10, 0, 0, TimeSpan.Zero)));
            }

            string[] days = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"];
            for (var d = 0; d < 7; d++)
            {
                // 1 February 2027 is a Monday.
                Assert.StartsWith(days[d] + " den ", DanishDates.Date(new DateTimeOffset(2027, 2, 1 + d, 10, 0, 0, TimeSpan.Zero)), StringComparison.Ordinal);
            }
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    // The skipped hour (02:00–03:00 on 28 March 2027) moves forward by an hour; 01:59 and 03:00 are themselves.
    [InlineData(2027, 3, 28, 1, 59, "2027-03-28T00:59:00Z")]
    [InlineData(2027, 3, 28, 2, 0, "2027-03-28T01:00:00Z")]
    [InlineData(2027, 3, 28, 2, 30, "2027-03-28T01:30:00Z")]
    [InlineData(2027, 3, 28, 3, 0, "2027-03-28T01:00:00Z")]
    // The repeated hour (02:00–03:00 on 31 October 2027) is read as winter time, the second time the clock shows it.
    [InlineData(2027, 10, 31, 1, 59, "2027-10-30T23:59:00Z")]
    [InlineData(2027, 10, 31, 2, 30, "2027-10-31T01:30:00Z")]
    [InlineData(2027, 10, 31, 3, 0, "2027-10-31T02:00:00Z")]
    [InlineData(2027, 2, 26, 23, 59, "2027-02-26T22:59:00Z")]
    [InlineData(2027, 6, 1, 9, 0, "2027-06-01T07:00:00Z")]
    public void ToUtc_reads_a_Copenhagen_clock_time_across_summer_time_edges(int year, int month, int day, int hour, int minute, string utc)
    {
        var at = DanishDates.ToUtc(new DateOnly(year, month, day), new TimeOnly(hour, minute));

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), at);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }

    [Fact]
    public void DateOf_is_the_Copenhagen_calendar_date()
    {
        Assert.Equal(new DateOnly(2027, 2, 27), DanishDates.DateOf(new DateTimeOffset(2027, 2, 26, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2027, 2, 26), DanishDates.DateOf(new DateTimeOffset(2027, 2, 26, 22, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2027, 7, 1), DanishDates.DateOf(new DateTimeOffset(2027, 6, 30, 22, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Documents_are_dated_in_the_same_style_as_pages_without_the_weekday()
    {
        var input = Bilag.BilagTestData.Input(draft: true);
        using var docx = new Bilag.DocxReader(BilagBuilder.Build(input));

        Assert.Contains(DanishDates.ShortDate(input.GeneratedAt), docx.Paragraphs);
        Assert.Contains("dannet " + DanishDates.ShortDateAndTime(input.GeneratedAt), docx.HeaderText, StringComparison.Ordinal);
    }
}
