using System.Text.Json;
using Fremdrift.Shared.Cycle;

namespace Fremdrift.Tests.Cycle;

public class CycleLoopInputTests
{
    private static readonly CycleAction[] InviteTwo = [new CycleAction.SendInvitation(2027, 101), new CycleAction.SendInvitation(2027, 147)];

    [Fact]
    public void The_same_actions_in_three_turns_in_a_row_make_the_loop_back_off()
    {
        var first = new CycleLoopInput(2027).AfterRunning(InviteTwo);
        var second = first.AfterRunning(InviteTwo);
        var third = second.AfterRunning(InviteTwo);

        Assert.False(first.ActionsKeepRepeating);
        Assert.False(second.ActionsKeepRepeating);
        Assert.True(third.ActionsKeepRepeating);
        Assert.True(third.AfterRunning(InviteTwo).ActionsKeepRepeating);
        Assert.Equal(2027, third.Year);
    }

    [Fact]
    public void Actions_that_change_from_turn_to_turn_never_count_as_repeating()
    {
        var input = new CycleLoopInput(2027);
        CycleAction[][] turns =
        [
            [new CycleAction.OpenCycle(2027)],
            InviteTwo,
            [new CycleAction.SendInvitation(2027, 101)],
            [new CycleAction.SendInvitation(2027, 151)],
            [new CycleAction.SendReminder(2027, 151, 1)],
            [new CycleAction.SendReminder(2027, 151, 2)],
        ];

        foreach (var actions in turns)
        {
            input = input.AfterRunning(actions);
            Assert.False(input.ActionsKeepRepeating);
        }
    }

    [Fact]
    public void A_turn_that_only_waited_or_ran_nothing_starts_the_count_again()
    {
        var repeating = new CycleLoopInput(2027).AfterRunning(InviteTwo).AfterRunning(InviteTwo).AfterRunning(InviteTwo);

        Assert.True(repeating.ActionsKeepRepeating);
        Assert.Equal(new CycleLoopInput(2027, Turn: 4), repeating.AfterWaiting());
        Assert.Equal(new CycleLoopInput(2027, Turn: 4), repeating.AfterRunning([]));
        Assert.False(repeating.AfterWaiting().AfterRunning(InviteTwo).ActionsKeepRepeating);
    }

    [Fact]
    public void The_input_survives_the_web_json_round_trip_an_orchestration_input_takes()
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var input = new CycleLoopInput(2027).AfterRunning(InviteTwo).AfterRunning(InviteTwo).AfterRunning(InviteTwo);

        var back = JsonSerializer.Deserialize<CycleLoopInput>(JsonSerializer.Serialize(input, web), web)!;

        Assert.Equal(input, back);
        Assert.True(back.ActionsKeepRepeating);
    }
}
