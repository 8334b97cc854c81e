using CodeIndex.Core.Model;
using CodeIndex.Storage.Repositories;
using CodeIndex.Storage.Writing;
using Npgsql;

namespace CodeIndex.Vectors.Tests.Support;

/// <summary>Builds symbol records and writes them through the real SymbolWriter into a fresh repository.</summary>
internal static class Symbols
{
    public const string Assembly = "Sample";

    /// <summary>A source symbol <c>Ns.Type.Name</c> (or <c>Ns.Name</c> for types) with the given kind, doc and signature.</summary>
    public static SymbolRecord Member(string ns, string? type, string name, string kind = SymbolKinds.Method, string? doc = null, string? signature = null,
        string assembly = Assembly, string project = "Sample", string file = "src/A.cs", bool external = false)
    {
        var container = type is null ? ns : $"{ns}.{type}";
        var prefix = kind switch
        {
            _ when SymbolKinds.IsType(kind) => "T:",
            SymbolKinds.Namespace => "N:",
            SymbolKinds.Property or SymbolKinds.Indexer => "P:",
            SymbolKinds.Field or SymbolKinds.EnumMember => "F:",
            SymbolKinds.Event => "E:",
            _ => "M:",
        };
        var qualified = kind == SymbolKinds.Namespace ? name : $"{container}.{name}";
        return new SymbolRecord(prefix + qualified, name.Contains('.', StringComparison.Ordinal) ? name[(name.LastIndexOf('.') + 1)..] : name, qualified, kind, project,
            external ? null : file, external ? null : 1, external ? null : 1, external ? null : 2, external ? null : 1,
            signature, doc, "public", SymbolModifiers.None, "C#", external, external ? "System.Runtime" : assembly, null,
            "h-" + (doc ?? "") + (signature ?? ""), external ? [] : [new SourceSpan(file, 1, 1, 2, 1)]);
    }

    public static async Task<long> NewRepositoryAsync(NpgsqlDataSource dataSource) =>
        (await new RepositoryStore(dataSource).GetOrCreateAsync(Path.Combine("/tmp/vector-repos", Guid.NewGuid().ToString("N")))).Id;

    /// <summary>Replaces the rows of document <paramref name="file"/> with <paramref name="symbols"/> (a document-scoped write, as
    /// the watch makes), leaving the repository's other documents as they are.</summary>
    public static async Task IndexDocumentAsync(NpgsqlDataSource dataSource, long repositoryId, string file, IReadOnlyList<SymbolRecord> symbols)
    {
        await using var session = await new SymbolWriter(dataSource).BeginAsync(repositoryId, new IndexWriteOptions(Documents: [file]));
        await session.WriteAsync(new ExtractionBatch(file, symbols, []));
        await session.CommitAsync();
    }

    /// <summary>Replaces the repository's index with <paramref name="symbols"/> (one index run, committed).</summary>
    public static async Task IndexAsync(NpgsqlDataSource dataSource, long repositoryId, IReadOnlyList<SymbolRecord> symbols)
    {
        await using var session = await new SymbolWriter(dataSource).BeginAsync(repositoryId);
        await session.WriteAsync(new ExtractionBatch("src/A.cs", symbols, []));
        await session.CommitAsync();
    }
}
