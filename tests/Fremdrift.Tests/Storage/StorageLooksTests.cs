using Fremdrift.DevServer.Durable;

namespace Fremdrift.Tests.Storage;

/// <summary>
/// The local host's storage watch decides from its looks (<see cref="StorageLooks"/>): each look finds our storage and
/// the engine's store answering (true), without their table or task hub (false) or unreachable (null).
/// </summary>
public sealed class StorageLooksTests
{
    private static string Run(params (bool? App, bool? Engine)[] looks)
    {
        var watch = new StorageLooks(3);
        return string.Join(" ", looks.Select(l =>
        {
            var look = watch.Next(l.App, l.Engine);
            if (look.Recover)
            {
                watch.Recovered();
            }

            return (look.TellOutage ? "tell," : "") + (look.Recover ? $"recover({(look.AppLost ? "app" : "")}{(look.EngineLost ? "+engine" : "")})" : "-");
        }));
    }

    [Fact]
    public void Two_unanswered_looks_in_a_row_are_a_busy_machine_not_an_outage()
    {
        Assert.Equal("- - - - - - -", Run((true, true), (null, null), (null, true), (true, true), (true, null), (null, null), (true, true)));
    }

    [Fact]
    public void Three_unanswered_looks_in_a_row_are_an_outage_told_once_and_recovered_when_both_answer()
    {
        Assert.Equal(
            "- - - tell,- - - recover(app+engine) - -",
            Run((true, true), (null, null), (null, null), (null, null), (null, null), (true, null), (true, true), (true, true), (null, null)));
    }

    [Fact]
    public void Only_the_store_that_could_not_be_reached_counts_as_lost()
    {
        Assert.Equal("- - - tell,- recover(app)", Run((true, true), (null, true), (null, true), (null, true), (true, true)));
    }

    [Fact]
    public void A_vanished_table_or_task_hub_is_recovered_at_the_first_look_that_finds_it()
    {
        Assert.Equal("- recover(app) - recover(+engine)", Run((true, true), (false, true), (true, true), (true, false)));
    }

    [Fact]
    public void Looks_before_storage_first_answered_do_not_count()
    {
        Assert.Equal("- - - - - -", Run((null, null), (null, null), (null, null), (false, null), (true, true), (true, true)));
    }

    [Fact]
    public void A_recovery_that_failed_is_asked_for_again_at_the_next_look()
    {
        var watch = new StorageLooks(3);
        watch.Next(true, true);
        Assert.True(watch.Next(false, true).Recover);
        // The restart threw, so Recovered() was not called.
        var again = watch.Next(true, true);
        Assert.True(again.Recover && again.AppLost && !again.EngineLost);
        watch.Recovered();
        Assert.False(watch.Next(true, true).Recover);
    }
}
