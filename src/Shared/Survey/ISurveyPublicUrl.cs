namespace Fremdrift.Shared.Survey;

/// <summary>
/// The base address that personal links are built on. In Azure it is <see cref="SurveyOptions.PublicBaseUrl"/>;
/// the local host supplies its own listening address when the setting is empty.
/// </summary>
public interface ISurveyPublicUrl
{
    string BaseUrl { get; }
}
