using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Bilag.Views;

/// <summary>A button that builds one kind of document (the form's "handling" value and the button's Danish label).</summary>
public sealed record DocumentBuild(DocumentKind Kind, string Action, string Button);

/// <summary>Everything the document page shows for one year.</summary>
public sealed record DocumentsModel(
    string BasePath,
    int Year,
    FollowUpCycle? Cycle,
    IReadOnlyList<FollowUpCycle> AllCycles,
    IReadOnlyList<DocumentBuild> Builds,
    IReadOnlyList<StoredDocument> Documents,
    IReadOnlyList<Jobcentre> Jobcentres,
    PageMessage? Message);

/// <summary>The document page when its form could not be used at all: a heading and the reason.</summary>
public sealed record DocumentsRefusedModel(string Reason);
