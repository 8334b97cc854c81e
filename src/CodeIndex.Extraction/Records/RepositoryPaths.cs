using Microsoft.CodeAnalysis;

namespace CodeIndex.Extraction.Records;

/// <summary>Turns absolute document paths into repository-relative paths with '/' separators (cached per syntax tree path).</summary>
internal sealed class RepositoryPaths(string repositoryRoot)
{
    private readonly string _root = Path.GetFullPath(repositoryRoot);
    private readonly Dictionary<string, string> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Relative(string? filePath)
    {
        if (string.IsNullOrEmpty(filePath))
        {
            return string.Empty;
        }

        lock (_lock)
        {
            if (!_cache.TryGetValue(filePath, out var relative))
            {
                relative = Path.IsPathRooted(filePath) ? Path.GetRelativePath(_root, filePath) : filePath;
                relative = relative.Replace('\\', '/');
                _cache[filePath] = relative;
            }

            return relative;
        }
    }

    public string Relative(SyntaxTree tree) => Relative(tree.FilePath);
}
