using Fremdrift.Shared.Mail.Graph;

namespace Fremdrift.DevServer.Mail;

/// <summary>
/// What the Functions app's GraphBounceTimer does, on the local host with Mail:Provider=Graph: read the mailbox for
/// non-delivery reports at start and then every <see cref="Interval"/> (the default Mail:GraphBounceSchedule's
/// interval). A failed read is logged and tried again at the next tick.
/// </summary>
internal sealed class LocalGraphBounceTimer(GraphBounceReader reader, ILogger<LocalGraphBounceTimer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var ticks = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var run = await reader.RunAsync(stoppingToken);
                if (run.Recorded > 0)
                {
                    logger.LogWarning("Afviste mails i postkassen: {Recorded} jobcentre markeret", run.Recorded);
                }
            }
            catch (GraphReadException e)
            {
                logger.LogWarning("Postkassen kunne ikke læses for afviste mails og prøves igen om {Minutes} minutter: {Message}", Interval.TotalMinutes, e.Message);
            }
        }
        while (await WaitAsync(ticks, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer ticks, CancellationToken ct)
    {
        try
        {
            return await ticks.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
