using Fremdrift.Shared.Mail.Graph;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Mail;

/// <summary>
/// Mail:Provider=Graph: reads the sending mailbox for non-delivery reports and marks the jobcentres they concern
/// (schedule from the setting Mail__GraphBounceSchedule). With another provider it does nothing. A failed read is
/// thrown, so the run shows as failed in Application Insights; the next run reads the same window again.
/// </summary>
internal sealed class GraphBounceTimerFunction(GraphBounceReader reader, ILogger<GraphBounceTimerFunction> logger)
{
    [Function(nameof(GraphBounceTimer))]
    public async Task GraphBounceTimer([TimerTrigger("%Mail:GraphBounceSchedule%")] TimerInfo timer, FunctionContext context)
    {
        var run = await reader.RunAsync(context.CancellationToken);
        if (run.Reports > 0)
        {
            logger.LogInformation("Read {Read} mails, {Reports} non-delivery reports: {Recorded} jobcentres marked, {Unmatched} unmatched, {AlreadyDone} done before", run.Read, run.Reports, run.Recorded, run.Unmatched, run.AlreadyDone);
        }
    }
}
