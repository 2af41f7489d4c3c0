namespace Fremdrift.Shared.Readiness;

/// <summary>One point of the readiness check: green or red, what was found, and (when red) what to do, in Danish.</summary>
public sealed record ReadinessCheck(string Title, bool Ok, string Detail, string? WhatToDo)
{
    public static ReadinessCheck Green(string title, string detail) => new(title, true, detail, null);

    public static ReadinessCheck Red(string title, string detail, string whatToDo) => new(title, false, detail, whatToDo);
}

/// <summary>"Klar til {år}?": every check for the year, when it opens, and when the check was made.</summary>
public sealed record ReadinessReport(int Year, DateTimeOffset OpensAt, DateTimeOffset CheckedAt, IReadOnlyList<ReadinessCheck> Checks)
{
    public int RedCount => Checks.Count(c => !c.Ok);

    public bool AllGreen => RedCount == 0;
}
