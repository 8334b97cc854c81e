namespace CodeIndex.Loading;

/// <summary>What to load: a <c>.sln</c>, <c>.slnx</c>, <c>.csproj</c>, a folder or a single <c>.cs</c> file.</summary>
/// <param name="InputPath">Path of the solution, project, folder or file; relative paths are resolved against the current directory.</param>
/// <param name="Framework">Preferred target framework (e.g. <c>net8.0</c>) for multi-targeted projects; <c>null</c> = newest framework that compiles best.</param>
/// <param name="Restore">Run <c>dotnet restore</c> on the input before opening it (default <c>true</c>); a failed restore is a warning, never fatal.</param>
/// <param name="MaxFileBytes">Source files larger than this are skipped with a warning (default 2 MiB; see <see cref="DocumentFilter"/>).</param>
public sealed record LoadOptions(string InputPath, string? Framework = null, bool Restore = true, long MaxFileBytes = DocumentFilter.DefaultMaxFileBytes);
