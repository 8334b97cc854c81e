using CodeIndex.Core.Errors;

namespace CodeIndex.Cli.Pipeline;

/// <summary>Finds the embedding model folder: <c>--model</c>/<c>CODEINDEX_MODEL</c>, else <c>models/use-lite</c> next to the tool or in the checkout.</summary>
internal static class EmbeddingModelLocator
{
    public const string DefaultModel = "use-lite";

    public static string Locate(string? configured)
    {
        if (configured is not null)
        {
            var full = Path.GetFullPath(configured);
            return Directory.Exists(full)
                ? full
                : throw new UserInputException("embedding_model_missing", $"The model folder '{configured}' does not exist. To fix this, pass --model <folder with manifest.json> or omit it to use the default model.");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", DefaultModel);
                if (File.Exists(Path.Combine(candidate, "manifest.json")))
                {
                    return candidate;
                }
            }
        }

        throw new OperationFailedException("embedding_model_missing",
            $"The default embedding model (models/{DefaultModel}) was not found next to the tool. To fix this, pass --model <folder>, or --no-embed to index without embeddings.");
    }
}
