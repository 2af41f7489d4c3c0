namespace Fremdrift.Shared.Bilag.Views;

/// <summary>The mail to the secretariat that the final bilag is ready (<see cref="BilagReadyMail"/>).</summary>
public sealed record BilagReadyMailModel(string Subject, int Year, string BuiltAt, string ResponseRate, string FileName, string PageUrl);

/// <summary>The mail that brings a chief the municipality's own form (<see cref="OwnFormMail"/>).</summary>
public sealed record OwnFormMailModel(string Subject, int Year, string ChiefName, string JobcentreName, string Contact);
