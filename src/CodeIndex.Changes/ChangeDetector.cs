namespace CodeIndex.Changes;

/// <summary>
/// Maps a diff's changed lines to the declarations they touch and keeps those that really changed. A changed line touches the
/// innermost declaration that contains it (a member; or a type, when the line is in its header or between its members); a
/// touched declaration is paired with the one of the same key on the other side: added, deleted, or modified when their
/// tokens differ — a change to a comment, a doc comment or whitespace alone changes nothing.
/// </summary>
public static class ChangeDetector
{
    public static ChangeSet Detect(IReadOnlyList<FileDiff> diff, Func<string, string?> readBase, Func<string, string?> readHead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var changes = new List<DeclarationChange>();
        var unchanged = 0;
        foreach (var file in diff)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var baseDecls = file.OldPath is null ? [] : DeclarationReader.Read(readBase(file.OldPath) ?? "", cancellationToken);
            var headDecls = file.NewPath is null ? [] : DeclarationReader.Read(readHead(file.NewPath) ?? "", cancellationToken);
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in file.DeletedLines)
            {
                touched.UnionWith(Innermost(baseDecls, line).Select(d => d.Key));
            }

            foreach (var line in file.AddedLines)
            {
                touched.UnionWith(Innermost(headDecls, line).Select(d => d.Key));
            }

            var baseByKey = baseDecls.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var headByKey = headDecls.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var normalizedBase = baseDecls.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join('\n', g.Select(d => d.Normalized)), StringComparer.Ordinal);
            var normalizedHead = headDecls.GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join('\n', g.Select(d => d.Normalized)), StringComparer.Ordinal);
            foreach (var key in touched.Order(StringComparer.Ordinal))
            {
                var before = baseByKey.GetValueOrDefault(key);
                var after = headByKey.GetValueOrDefault(key);
                if (before is not null && after is not null)
                {
                    if (normalizedBase[key] == normalizedHead[key])
                    {
                        unchanged++;
                        continue;
                    }

                    changes.Add(new DeclarationChange("modified", file.OldPath, file.NewPath, before, after));
                }
                else if (after is not null)
                {
                    changes.Add(new DeclarationChange("added", file.OldPath, file.NewPath, null, after));
                }
                else if (before is not null)
                {
                    changes.Add(new DeclarationChange("deleted", file.OldPath, file.NewPath, before, null));
                }
            }
        }

        return new ChangeSet(changes, unchanged, diff.Count);
    }

    /// <summary>The smallest declarations containing the line — several when they share it (<c>int a, b;</c>, an enum on one line).</summary>
    /// <remarks>A line inside a type's body but in no member (blank lines, comments between members, doc comments) is in no declaration: nothing changed there.</remarks>
    private static IEnumerable<Declaration> Innermost(IReadOnlyList<Declaration> declarations, int line)
    {
        var containing = declarations.Where(d => d.StartLine <= line && line <= d.EndLine).ToList();
        if (containing.Count == 0)
        {
            return [];
        }

        var smallest = containing.Min(d => d.EndLine - d.StartLine);
        return containing.Where(d => d.EndLine - d.StartLine == smallest);
    }
}
