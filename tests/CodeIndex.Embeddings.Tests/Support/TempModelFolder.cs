using System.Text.Json.Nodes;

namespace CodeIndex.Embeddings.Tests.Support;

/// <summary>A temporary model folder whose manifest is USE-lite's with changes; files point at the real model by full path.</summary>
internal sealed class TempModelFolder : IDisposable
{
    public TempModelFolder(Action<JsonObject>? edit = null)
    {
        Path = Directory.CreateTempSubdirectory("codeindex-model-").FullName;
        var manifest = JsonNode.Parse(System.IO.File.ReadAllText(TestPaths.UseLiteModel))!.AsObject();
        manifest["modelFile"] = System.IO.Path.Combine(TestPaths.UseLiteDirectory, "model.onnx");
        manifest["tokenizer"]!["vocabFile"] = System.IO.Path.Combine(TestPaths.UseLiteDirectory, "vocab.json");
        edit?.Invoke(manifest);
        System.IO.File.WriteAllText(System.IO.Path.Combine(Path, "manifest.json"), manifest.ToJsonString());
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
