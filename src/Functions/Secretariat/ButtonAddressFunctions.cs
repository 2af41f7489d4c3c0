using Fremdrift.Shared.Secretariat;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Fremdrift.Functions.Secretariat;

/// <summary>
/// The addresses that only the secretariat's buttons post to, opened directly with GET (typed, bookmarked, a link
/// followed): the Danish page with the way back, not the host's blank answer. Nothing is done.
/// </summary>
[SecretariatOnly]
internal sealed class ButtonAddressFunctions
{
    [Function(nameof(SecretariatCommandAddress))]
    public IActionResult SecretariatCommandAddress(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/kommando/{command}")] HttpRequest request) =>
        SecretariatPage.ButtonAddressOpened().ToActionResult();

    [Function(nameof(CycleInstanceRestartAddress))]
    public IActionResult CycleInstanceRestartAddress(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/aarshjul/genstart")] HttpRequest request) =>
        SecretariatPage.ButtonAddressOpened().ToActionResult();

    [Function(nameof(YearImportConfirmAddress))]
    public IActionResult YearImportConfirmAddress(
        [HttpTrigger(SecretariatAccess.Level, "get", Route = "sekretariat/indlaes/bekraeft")] HttpRequest request) =>
        SecretariatPage.ButtonAddressOpened().ToActionResult();
}
