namespace CodeIndex.Query;

/// <summary>The <c>symbol_key@assembly_name</c> handle of a symbol (<see cref="SymbolInfo.Handle"/>).</summary>
/// <remarks>
/// A documentation-comment id never contains <c>@</c> (C#'s verbatim <c>@</c> prefix is not part of a name), so the last <c>@</c>
/// separates the two parts; the same form is the Chroma document id of a key declared in several assemblies.
/// </remarks>
public static class SymbolHandle
{
    public static string Format(string symbolKey, string assemblyName) => $"{symbolKey}@{assemblyName}";

    /// <summary>Splits a handle; false when <paramref name="text"/> has no <c>@</c> with text on both sides.</summary>
    public static bool TryParse(string text, out string symbolKey, out string assemblyName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            symbolKey = "";
            assemblyName = "";
            return false;
        }

        symbolKey = text[..at];
        assemblyName = text[(at + 1)..];
        return true;
    }
}
