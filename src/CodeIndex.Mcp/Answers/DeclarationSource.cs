using System.Runtime.InteropServices;

namespace CodeIndex.Mcp.Answers;

/// <summary>The source text of a declaration, read from the indexed file — only inside the repository's root, and capped.</summary>
/// <remarks>
/// The path is resolved with the C library's <c>realpath</c> (every symbolic link on the way, which .NET has no call for), so a
/// link inside the tree that points elsewhere is refused like a <c>../</c> path. The text is what is on disk now: when the file
/// was written after the index state the answer reports, the answer says it may differ from the indexed declaration.
/// </remarks>
internal static partial class DeclarationSource
{
    public const int DefaultLines = 60;
    public const int MaxLines = 400;
    private const int MaxChars = 32_000;

    public sealed record Text(string Source, int FromLine, int ToLine, int DeclarationLines, bool Truncated, bool MayDifferFromIndex, string? Note);

    public static Text? Read(string root, string relativePath, int line, int endLine, int maxLines, DateTime? indexTime)
    {
        var rootReal = RealPath(root);
        var fileReal = RealPath(Path.Combine(root, relativePath));
        if (rootReal is null || fileReal is null || !fileReal.StartsWith(rootReal.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return null;
        }

        string[] lines;
        DateTime written;
        try
        {
            lines = File.ReadAllLines(fileReal);
            written = File.GetLastWriteTimeUtc(fileReal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var from = Math.Clamp(line, 1, Math.Max(1, lines.Length));
        var total = Math.Max(1, endLine - line + 1);
        var to = Math.Min(Math.Min(lines.Length, Math.Max(from, endLine)), from + maxLines - 1);
        var text = string.Join('\n', lines[(from - 1)..to]);
        var truncated = to - from + 1 < total;
        if (text.Length > MaxChars)
        {
            text = text[..MaxChars];
            truncated = true;
        }

        var stale = indexTime is { } at && written > at.ToUniversalTime();
        var note = truncated ? $"lines {from}-{to} of the declaration's {total}; pass source_lines up to {MaxLines} for more, or read {relativePath} from line {to + 1}" : null;
        return new Text(text, from, to, total, truncated, stale, note);
    }

    private static string? RealPath(string path)
    {
        var result = realpath(path, IntPtr.Zero);
        if (result == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            free(result);
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc")]
    private static partial void free(IntPtr pointer);
}
