using Fremdrift.DevServer;
using Fremdrift.Shared.Storage;

try
{
    var app = await DevServerApp.BuildAsync(args);
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
