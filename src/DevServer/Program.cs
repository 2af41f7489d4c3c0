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

        // The console speaks Danish: at the default level it shows only this program's own lines (where to sign in,
        // the demo's progress) and warnings. The host's "Now listening on …" and the app's English information logs
        // (with invariant dates such as 01/06/2027) show with Logging__LogLevel__Default=Information.
        foreach (var category in (string[])["Default", "Microsoft.AspNetCore", "Microsoft.Hosting.Lifetime"])
        {
            if (config[$"Logging:LogLevel:{category}"] is null)
            {
                defaults[$"Logging:LogLevel:{category}"] = "Warning";
            }
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

        }

        config.AddInMemoryCollection(defaults);
    });

    if (demo)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var year = app.Services.GetRequiredService<CycleStarter>().YearToPlan();
        Console.WriteLine($"Demo: opfølgningen {year} på et hurtigt ur (et døgn ≈ {86400 / (clock as AcceleratedTimeProvider)?.Speed ?? 86400:0.0#} s), 29 jobcentre, nogle svarer undervejs.");
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

    // Where to click, once the host listens (the address it really got, also with port 0); the secretariat's sign-in
    // last, as the line to act on (a generated password is only ever shown here).
    var auth = app.Services.GetRequiredService<SecretariatAuth>();
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var url = app.Services.GetRequiredService<Fremdrift.Shared.Survey.ISurveyPublicUrl>().BaseUrl;
        Console.WriteLine($"Fremdrift kører på {url}");
        Console.WriteLine($"Udbakken med de lokale mails: {url}/sekretariat/udbakke");
        Console.WriteLine(auth.Generated
            ? $"Log ind på {url}/sekretariat med brugeren \"sekretariat\" og kodeordet {auth.Password} (gælder denne kørsel; sæt DevServer__SecretariatPassword for et fast). Stop med Ctrl+C."
            : $"Log ind på {url}/sekretariat med brugeren \"sekretariat\" og kodeordet i DevServer__SecretariatPassword. Stop med Ctrl+C.");
    });

    try
    {
        await app.RunAsync();
    }
    catch (Exception e) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
    {
        // A failure while stopping (Ctrl+C) must not end as an unhandled exception (exit code 134, a stack trace
        // instead of a word): the stop was asked for, so say what happened and end as an interrupted program does.
        Console.Error.WriteLine($"Fremdrift er stoppet; under nedlukningen gik noget galt ({e.GetType().Name}: {e.Message}).");
        return 130;
    }

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
