using CodeIndex.Extraction.Records;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Watch.Incremental;

/// <summary>
/// Which documents a batch must re-extract besides the ones it changed: the rule that keeps a document-scoped write exact.
/// </summary>
/// <remarks>
/// <para>A document binds to another only through what that one declares (<see cref="DeclarationShape"/>). So:</para>
/// <list type="number">
/// <item>A change that leaves its document's shape alone (bodies, comments, layout, member order, file-local usings) re-extracts
/// that document only.</item>
/// <item>A change of shape re-extracts, in the document's project and every project that depends on it (transitively), each
/// indexed document that spells one of the names declared, removed or changed (a whole identifier in its text; for
/// <c>FooAttribute</c> also <c>Foo</c>). C# infers no member's type from another document's body, so code that binds to a
/// changed declaration spells its name — method calls and groups, overloads, <c>nameof</c>, <c>cref</c>, object initializers,
/// property patterns, named arguments, overrides and implementations alike.</item>
/// <item>A <em>wide</em> change — one that can rebind code without its name being written: operators, conversions, constructors
/// (target-typed <c>new()</c>), indexers, delegates, extension methods, the members the compiler calls by name (GetEnumerator,
/// Deconstruct, Add, GetAwaiter, Dispose, LINQ clauses, …), base lists, type attributes and constraints, positional parameters,
/// global usings and assembly attributes — re-extracts every indexed document of those projects.</item>
/// </list>
/// <para>Added and deleted documents count as a change from or to an empty shape. The watch equality test checks the rule
/// against a fresh full index after random edit sequences.</para>
/// </remarks>
internal static class DependentDocuments
{
    /// <summary>The repository-relative paths to re-extract for <paramref name="changes"/> (which are included).</summary>
    /// <param name="changes">Per changed document: its full path, the projects (ids) that compiled it before or after, and the shape change.</param>
    public static async Task<DependentResult> FindAsync(
        WarmWorkspace workspace, IReadOnlyList<DocumentChange> changes, CancellationToken cancellationToken)
    {
        var scope = new HashSet<string>(changes.Select(c => workspace.Relative(c.FullPath)), StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var roots = new HashSet<ProjectId>();
        string? wide = null;
        foreach (var change in changes.Where(c => !c.Shape.None))
        {
            wide ??= change.Shape.WideReason;
            names.UnionWith(change.Shape.Names);
            roots.UnionWith(change.Projects);
        }

        if (roots.Count == 0)
        {
            return new DependentResult(scope, 0, null);
        }

        var graph = workspace.Current.GetProjectDependencyGraph();
        var affected = new HashSet<ProjectId>(roots);
        foreach (var root in roots)
        {
            affected.UnionWith(graph.GetProjectsThatTransitivelyDependOnThisProject(root));
        }

        var before = scope.Count;
        foreach (var chosen in workspace.Projects.Where(p => affected.Contains(p.Project.Id)))
        {
            var project = workspace.Current.GetProject(chosen.Project.Id);
            if (project is null)
            {
                continue;
            }

            foreach (var id in chosen.Documents)
            {
                if (project.GetDocument(id) is not { FilePath: { } path } document)
                {
                    continue;
                }

                var relative = workspace.Relative(path);
                if (scope.Contains(relative))
                {
                    continue;
                }

                if (wide is not null)
                {
                    scope.Add(relative);
                    continue;
                }

                var text = (await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                if (names.Any(n => SpellsIdentifier(text, n)))
                {
                    scope.Add(relative);
                }
            }
        }

        return new DependentResult(scope, scope.Count - before, wide);
    }

    /// <summary>True when <paramref name="name"/> occurs in <paramref name="text"/> as a whole identifier (not inside a longer one).</summary>
    internal static bool SpellsIdentifier(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsIdentifierChar(text[at - 1])) && (end == text.Length || !IsIdentifierChar(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

/// <summary>One changed document of a batch.</summary>
internal sealed record DocumentChange(string FullPath, IReadOnlyCollection<ProjectId> Projects, ShapeChange Shape);

/// <summary>The documents to re-extract, how many of them are dependents, and why the change was wide (null when it was not).</summary>
internal sealed record DependentResult(IReadOnlySet<string> Scope, int Dependents, string? WideReason);
