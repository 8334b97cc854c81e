using CodeIndex.Query;

namespace CodeIndex.SearchEval;

/// <summary>Command-line options of the evaluation, parsed before any work starts.</summary>
/// <param name="RepositoryRoot">The repository to index and ask about (default: the folder holding CodeIndex.sln above the current directory).</param>
/// <param name="QuestionsPaths">The question sets, asked together (<c>--questions FILE</c>, repeatable; default <c>eval/search-questions.json</c> under the root).</param>
/// <param name="ConnectionString">An existing database to use (<c>--db</c>); null = a throwaway database on the test cluster, dropped at exit.</param>
/// <param name="SkipIndex">Reuse what <c>--db</c> already holds for the root instead of indexing and embedding again (<c>--skip-index</c>).</param>
/// <param name="Verbose">Print each hybrid miss with the top results (<c>--verbose</c>).</param>
/// <param name="Grid">Also score a small grid of hybrid fusion settings (<c>--grid</c>).</param>
/// <param name="DumpPath">Write every question's top 10 per mode to this file (<c>--dump FILE</c>: mode, question id, symbol keys), to check that a
/// change leaves results identical.</param>
/// <param name="Modes">The modes to ask in (<c>--modes exact,fulltext,semantic,hybrid</c>, the default: all four), e.g. one mode alone for a statement log.</param>
internal sealed record EvalOptions(string RepositoryRoot, IReadOnlyList<string> QuestionsPaths, string? ConnectionString, bool SkipIndex, bool Verbose, bool Grid, IReadOnlyList<SearchMode> Modes, string? DumpPath)
{
    public static EvalOptions Parse(string[] args)
    {
        string? root = null, db = null, dump = null;
        var questions = new List<string>();
        bool skip = false, verbose = false, grid = false;
        IReadOnlyList<SearchMode> modes = [SearchMode.Exact, SearchMode.Fulltext, SearchMode.Semantic, SearchMode.Hybrid];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--root": root = Value(args, ref i); break;
                case "--questions": questions.Add(Value(args, ref i)); break;
                case "--db": db = Value(args, ref i); break;
                case "--skip-index": skip = true; break;
                case "--verbose": verbose = true; break;
                case "--grid": grid = true; break;
                case "--modes": modes = ParseModes(Value(args, ref i)); break;
                case "--dump": dump = Path.GetFullPath(Value(args, ref i)); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. Options: --root DIR, --questions FILE (repeatable), --db CONNECTION, --skip-index, --verbose, --grid, --modes LIST, --dump FILE.");
            }
        }

        root = Path.GetFullPath(root ?? FindRoot());
        if (skip && db is null)
        {
            throw new ArgumentException("--skip-index needs --db (a throwaway database starts empty).");
        }

        var paths = questions.Count > 0 ? questions.Select(Path.GetFullPath).ToList() : [Path.Combine(root, "eval", "search-questions.json")];
        return new EvalOptions(root, paths, db, skip, verbose, grid, modes, dump);
    }

    private static List<SearchMode> ParseModes(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => Enum.TryParse<SearchMode>(m, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? mode
                : throw new ArgumentException($"Unknown mode '{m}' in --modes. Modes: exact, fulltext, semantic, hybrid."))
            .Distinct()
            .ToList();

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeIndex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new ArgumentException("No CodeIndex.sln above the current directory; pass --root.");
    }
}
