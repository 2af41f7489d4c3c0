using System.Text.Json;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Tests.Cycle;

public class CycleActionMessageTests
{
    private static readonly CycleAction[] Actions =
    [
        new CycleAction.OpenCycle(2027),
        new CycleAction.SendInvitation(2027, 101),
        new CycleAction.SendReminder(2027, 147, 2),
        new CycleAction.CloseCycle(2027, CloseReason.AllSubmitted),
        new CycleAction.BuildFinalBilag(2027),
        new CycleAction.NotifySecretariat(2027),
        new CycleAction.SendMunicipalityForm(2027, 153),
        new CycleAction.SendDeadlineNotice(2027, 155, 2),
        new CycleAction.SendReopenNotice(2027, 157, 1),
        new CycleAction.SendReceipt(2027, 155, "3f2a9c"),
    ];

    public static TheoryData<CycleAction> EveryKindOfAction() => new(Actions);

    [Theory]
    [MemberData(nameof(EveryKindOfAction))]
    public void Every_action_survives_the_web_json_round_trip_an_activity_input_takes(CycleAction action)
    {
        // The Functions worker serializes activity inputs with the web defaults (camelCase).
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var json = JsonSerializer.Serialize(CycleActionMessage.From(action), options);

        var back = JsonSerializer.Deserialize<CycleActionMessage>(json, options)!.ToAction();

        Assert.Equal(action, back);
    }

    [Fact]
    public void Every_action_type_has_a_kind()
    {
        var types = typeof(CycleAction).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(CycleAction)));

        Assert.Equal(types.Select(t => t.Name).Order(), Actions.Select(a => a.GetType().Name).Order());
    }

    [Fact]
    public void Only_mails_to_one_jobcentre_run_side_by_side()
    {
        var parallel = Actions.Select(CycleActionMessage.From).Where(m => m.IsPerJobcentreMail).Select(m => m.Kind);

        Assert.Equal(["SendInvitation", "SendReminder", "SendMunicipalityForm", "SendDeadlineNotice", "SendReopenNotice", "SendReceipt"], parallel);
    }

    [Fact]
    public void A_message_missing_its_jobcentre_or_with_an_unknown_kind_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CycleActionMessage("SendReminder", 2027, 101).ToAction());
        Assert.Throws<ArgumentException>(() => new CycleActionMessage("DeleteEverything", 2027).ToAction());
    }
}
