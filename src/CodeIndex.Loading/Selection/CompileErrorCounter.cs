using Microsoft.CodeAnalysis;

namespace CodeIndex.Loading;

/// <summary>Counts a compilation's errors cheaply: parse and declaration errors only.</summary>
/// <remarks>
/// Full <c>Compilation.GetDiagnostics()</c> binds every method body, which costs about as much as the extraction stage
/// itself, so it would double the binding work of an index run. Parse and declaration diagnostics catch what makes one
/// target framework worse than another — missing reference packs (every <c>using System;</c> and base type fails),
/// unknown types in signatures, syntax errors in <c>#if</c> branches — and the declaration pass is work extraction needs
/// anyway (the compilation is cached by the workspace). Errors only inside method bodies are NOT counted. Warnings
/// promoted to errors (<see cref="Diagnostic.IsWarningAsError"/>) are not counted either.
/// </remarks>
internal static class CompileErrorCounter
{
    public static int Count(Compilation compilation, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var diagnostic in compilation.GetParseDiagnostics(cancellationToken).Concat(compilation.GetDeclarationDiagnostics(cancellationToken)))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error && !diagnostic.IsWarningAsError)
            {
                count++;
            }
        }

        return count;
    }
}
