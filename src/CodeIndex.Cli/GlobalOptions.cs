using System.CommandLine;

namespace CodeIndex.Cli;

/// <summary>Options accepted by every command (<c>--db</c>, <c>--json</c>, <c>--verbose</c>, <c>--quiet</c>).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "PostgreSQL connection string or postgres:// URI (beats CODEINDEX_DB). Default: the embedded database the tool starts itself.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write one JSON object to stdout: { results: [...] } or { error: { code, message } }.",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log details (debug level) to stderr.",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Only print results and errors.",
        Recursive = true,
    };

    public static readonly Option<string?> Chroma = new("--chroma")
    {
        Description = "ChromaDB server URL (beats CODEINDEX_CHROMA). When set, vectors are mirrored to Chroma through a durable outbox.",
        Recursive = true,
    };

    public static readonly Option<string?> Model = new("--model")
    {
        Description = "Embedding model folder with a manifest.json (beats CODEINDEX_MODEL). Default: models/use-lite shipped with the tool.",
        Recursive = true,
    };

    public static readonly Option<bool> Ci = new("--ci")
    {
        Description = "CI mode: --json output, and index fails (exit 3) when projects did not load (--fail-on-load-errors).",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Ci);
        root.Options.Add(Chroma);
        root.Options.Add(Model);
        root.Options.Add(Db);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
    }
}
