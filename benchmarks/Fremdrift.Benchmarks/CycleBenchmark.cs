namespace Fremdrift.Benchmarks;

/// <summary>Figures for the cycle feature (see README, Benchmarks).</summary>
public static class CycleBenchmark
{
    public static Task RunAsync()
    {
        Console.WriteLine("  (not written yet)");
        return Task.CompletedTask;
    }
}
