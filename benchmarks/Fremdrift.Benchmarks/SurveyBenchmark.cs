namespace Fremdrift.Benchmarks;

/// <summary>Figures for the survey feature (see README, Benchmarks).</summary>
public static class SurveyBenchmark
{
    public static Task RunAsync()
    {
        Console.WriteLine("  (not written yet)");
        return Task.CompletedTask;
    }
}
