namespace Fremdrift.Benchmarks;

/// <summary>Figures for the bilag feature (see README, Benchmarks).</summary>
public static class BilagBenchmark
{
    public static Task RunAsync()
    {
        Console.WriteLine("  (not written yet)");
        return Task.CompletedTask;
    }
}
