namespace CodeIndex.Cli.Pipeline;

/// <summary>What <c>codeindex index</c> was asked to do, validated before any work starts.</summary>
/// <param name="InputPath">A .sln, .slnx, .csproj or a folder.</param>
/// <param name="Framework">Target framework to prefer for multi-targeted projects (<c>--framework</c>); null = newest with fewest errors.</param>
/// <param name="Restore">Run <c>dotnet restore</c> first (default true; <c>--no-restore</c>).</param>
/// <param name="NoWait">Refuse instead of waiting when another index run holds the repository (<c>--no-wait</c>).</param>
/// <param name="MaxFileBytes">Source files larger than this are skipped with a warning (<c>--max-file-size</c>).</param>
internal sealed record IndexRequest(string InputPath, string? Framework, bool Restore, bool NoWait, long MaxFileBytes = Loading.DocumentFilter.DefaultMaxFileBytes);
