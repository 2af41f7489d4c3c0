using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fremdrift.Shared.Mail;

namespace Fremdrift.DevServer.Mail;

/// <summary>One mail as the local outbox keeps it (a JSON file per mail).</summary>
[SuppressMessage("Maintainability", "CA1515", Justification = "Part of the outbox view's model, and Razor makes views public.")]
public sealed record OutboxMail(
    string Id,
    DateTimeOffset At,
    string To,
    string ToName,
    string Subject,
    string Html,
    string Text,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Attachments);

/// <summary>
/// The local host's mail "service": every mail becomes a JSON file in the data folder's outbox, listed on
/// /sekretariat/udbakke, so a person (or a test) can click the link in it. Never used in Azure.
/// </summary>
internal sealed partial class OutboxStore(DevServerPaths paths)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Folder => paths.Outbox;

    public async Task<OutboxMail> WriteAsync(MailMessage message, DateTimeOffset at, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        // Named by the real clock (the business clock may be fake or accelerated), so names sort in sending order.
        var id = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfffffff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var mail = new OutboxMail(id, at, message.ToEmail, message.ToName, message.Subject, message.HtmlBody, message.TextBody, message.Tags,
            message.Attachments.Select(a => $"{a.FileName} ({a.Content.Length / 1024} KB)").ToList());
        var path = Path.Combine(Folder, id + ".json");
        await using (var file = new FileStream(path + ".tmp", FileMode.CreateNew, FileAccess.Write))
        {
            await JsonSerializer.SerializeAsync(file, mail, Json, ct);
        }

        // Renamed into place so a reader never sees half a mail.
        File.Move(path + ".tmp", path);
        return mail;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<OutboxMail> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(Folder, "*.json")
            .OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Select(Read)
            .OfType<OutboxMail>()
            .ToList();
    }

    public OutboxMail? Get(string id) => IdPattern().IsMatch(id) ? Read(Path.Combine(Folder, id + ".json")) : null;

    private static OutboxMail? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<OutboxMail>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{13}-[0-9a-f]{8}$")]
    private static partial Regex IdPattern();
}

/// <summary>Mail:Provider=Outbox: "sends" by writing to the outbox; always succeeds unless the disk fails.</summary>
internal sealed class OutboxMailSender(OutboxStore outbox, TimeProvider time) : IMailSender
{
    public async Task<MailSendResult> SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var mail = await outbox.WriteAsync(message, time.GetUtcNow(), cancellationToken);
            return new MailSendResult.Sent("outbox-" + mail.Id);
        }
        catch (IOException e)
        {
            return new MailSendResult.Transient("Kunne ikke skrive til udbakken: " + e.Message);
        }
    }
}

/// <summary>Mail:Provider=Outbox has no key to check: the local outbox always accepts.</summary>
internal sealed class OutboxMailProviderProbe : IMailProviderProbe
{
    public Task<MailProviderCheck> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new MailProviderCheck(true, "Mails skrives til den lokale udbakke (Mail__Provider=Outbox); der er ingen nøgle at tjekke."));
}
