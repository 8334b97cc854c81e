using CodeIndex.Core.Errors;

namespace CodeIndex.Embeddings.Onnx;

/// <summary>Finds the ONNX Runtime native library: CODEINDEX_ONNXRUNTIME, the app folder, then .tools/onnxruntime walking up.</summary>
internal static class OrtLibraryLocator
{
    /// <summary>Environment variable holding the full path of the native library.</summary>
    public const string EnvironmentVariable = "CODEINDEX_ONNXRUNTIME";

    /// <summary>File name of the native library (Linux x64; shipped by npm onnxruntime-node).</summary>
    public const string FileName = "libonnxruntime.so.1";

    private const string FixHint =
        "To fix this, run scripts/setup.sh (installs it from npm onnxruntime-node@1.30.0) or set "
        + EnvironmentVariable + "=<full path of " + FileName + ">.";

    /// <summary>Resolves the library path from the process environment.</summary>
    public static string Resolve() =>
        Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, Environment.CurrentDirectory);

    /// <summary>Resolves the library path from explicit inputs (testable without touching the process environment).</summary>
    public static string Resolve(string? overridePath, string baseDirectory, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            if (File.Exists(overridePath))
            {
                return Path.GetFullPath(overridePath);
            }

            throw new OperationFailedException(
                "onnxruntime_missing",
                $"{EnvironmentVariable} is set to '{overridePath}', but no file exists there. {FixHint}");
        }

        var candidates = Candidates(baseDirectory, currentDirectory).ToList();
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new OperationFailedException(
            "onnxruntime_missing",
            $"The ONNX Runtime native library ({FileName}) was not found; looked in: {string.Join(", ", candidates)}. {FixHint}");
    }

    private static IEnumerable<string> Candidates(string baseDirectory, string currentDirectory)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var direct = Path.GetFullPath(Path.Combine(baseDirectory, FileName));
        seen.Add(direct);
        yield return direct;

        foreach (var start in new[] { baseDirectory, currentDirectory })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".tools", "onnxruntime", FileName);
                if (seen.Add(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }
}
