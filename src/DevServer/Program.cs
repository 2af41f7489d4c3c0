using System.Diagnostics;
using System.Globalization;
using Fremdrift.DevServer;
using Fremdrift.DevServer.Cycle;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;

// scripts/run.sh [--demo]: the local host with the cycle loop; --demo runs a whole cycle on an accelerated clock.
var demo = args.Contains("--demo", StringComparer.Ordinal);
var hostArgs = args.Where(a => a != "--demo").ToArray();
var watch = Stopwatch.StartNew();
try
{
    var app = await DevServerApp.BuildAsync(hostArgs, builder =>
    {
        var config = builder.Configuration;
        var defaults = new Dictionary<string, string?>();
        if (config["DevServer:CycleLoop"] is null)
        {
            defaults["DevServer:CycleLoop"] = "true";
        }

        // A line per request buries what matters (the links, the loop's warnings); requests log only warnings.
        if (config["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            defaults["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning";
        }

        if (demo)
        {
            // A fresh set of tables per demo run, so that it always starts from an empty cycle.
            var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            defaults["DevServer:Demo"] = "true";
            defaults["DevServer:ClockSpeed"] = config["DevServer:ClockSpeed"] ?? DevServerCycleOptions.DemoSpeed.ToString(CultureInfo.InvariantCulture);
            defaults["Storage:TablePrefix"] = "demo" + stamp;
            defaults["Storage:DocumentContainer"] = "demo-" + stamp;
            defaults["Mail:Provider"] = config["Mail:Provider"] ?? "Outbox";

            // The progress lines are the demo's output; the per-mail log lines would bury them.
            if (Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is null)
            {
                defaults["Logging:LogLevel:Default"] = "Warning";
            }
        }

        config.AddInMemoryCollection(defaults);
    });

    if (demo)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var year = app.Services.GetRequiredService<CycleStarter>().YearToPlan();
        Console.WriteLine($"Demo: opfølgningen {year} på et hurtigt ur (et døgn ≈ {86400 / (clock as AcceleratedTimeProvider)?.Speed ?? 86400:0.0} s), 29 jobcentre, nogle svarer undervejs.");
        _ = app.Services.GetRequiredService<CycleLoopMonitor>().WaitUntilFinishedAsync(year, app.Lifetime.ApplicationStopping).ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    Console.WriteLine($"Demo færdig efter {watch.Elapsed.TotalSeconds:0.0} s. Demoens ur er stoppet, så næste år ikke åbner af sig selv; siderne kører videre, stop med Ctrl+C.");
                }
            },
            TaskScheduler.Default);
    }

    // Where to click, once the host listens: the secretariat's sign-in (a generated password is only ever shown here).
    var auth = app.Services.GetRequiredService<SecretariatAuth>();
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var url = app.Urls.FirstOrDefault() ?? DevServerApp.DefaultUrl;
        Console.WriteLine($"Fremdrift kører på {url}");
        Console.WriteLine(auth.Generated
            ? $"Sekretariatets side: {url}/sekretariat (bruger \"sekretariat\", kodeord for denne kørsel: {auth.Password}; sæt DevServer__SecretariatPassword for et fast)."
            : $"Sekretariatets side: {url}/sekretariat (bruger \"sekretariat\", kodeordet i DevServer__SecretariatPassword).");
        Console.WriteLine($"Udbakken med de lokale mails: {url}/sekretariat/udbakke");
    });

    await app.RunAsync();
    return 0;
}
catch (StorageUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (FileNotFoundException e) when (e.Message.Contains("Azurite", StringComparison.Ordinal))
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
