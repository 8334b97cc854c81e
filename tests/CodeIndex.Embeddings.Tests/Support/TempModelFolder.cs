using System.Text.Json.Nodes;

namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>A temporary model folder whose manifest is a real model's (default USE-lite) with changes; files point at the real model by full path.</summary>
internal sealed class TempModelFolder : IDisposable
{
    public TempModelFolder(Action<JsonObject>? edit = null, string? sourceDirectory = null)
    {
        sourceDirectory ??= TestPaths.UseLiteDirectory;
        Path = Directory.CreateTempSubdirectory("codeindex-model-").FullName;
        var manifest = JsonNode.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(sourceDirectory, "manifest.json")))!.AsObject();
        manifest["modelFile"] = System.IO.Path.Combine(sourceDirectory, (string)manifest["modelFile"]!);
        manifest["tokenizer"]!["vocabFile"] = System.IO.Path.Combine(sourceDirectory, (string)manifest["tokenizer"]!["vocabFile"]!);
        edit?.Invoke(manifest);
        System.IO.File.WriteAllText(System.IO.Path.Combine(Path, "manifest.json"), manifest.ToJsonString());
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
