using CodeIndex.Chroma.Tests.Support;
using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;
using Npgsql;
using static CodeIndex.Cli.Tests.Support.WatchProcess;

namespace CodeIndex.Cli.Tests;

/// <summary>
/// The watch with embeddings (the real model) and a real ChromaDB server: after edits, once the embedding backlog and the Chroma
/// outbox have drained, the embedded texts, their hashes and Chroma document ids equal those of a fresh full index, and ChromaDB
/// holds exactly what PostgreSQL does.
/// </summary>
public sealed class WatchEmbeddingTests(DatabaseFixture database, ChromaServerFixture chroma)
    : IClassFixture<DatabaseFixture>, IClassFixture<ChromaServerFixture>
{
    private const string EmbeddingRows = """
        SELECT c.assembly_name || ' ' || c.symbol_key || ' ' || e.model_id || ' ' || e.document_id || ' ' || e.text_hash || ' ' || e.embedded_text
               || ' ' || (e.embedding IS NOT NULL)
        FROM symbol_embeddings e JOIN code_symbols c ON c.id = e.symbol_id WHERE e.repository_id = $1 ORDER BY 1
        """;

    [Fact]
    public async Task Watch_EditsWithEmbeddingsAndChroma_EqualAFreshIndexOnceDrained()
    {
        var root = RepoPaths.CopyFixture("Watch");
        var url = chroma.Url.ToString();
        var connection = await database.CreateDatabaseAsync("we");
        using var watch = Start(connection, "watch", Path.Combine(root, "Watch.slnx"), "--chroma", url, "--json");
        var lines = CollectLines(watch);
        await WaitForLineAsync(lines, "\"event\":\"ready\"", watch, TimeSpan.FromMinutes(3));

        // A doc comment added (text change), an overload added (a new key), a method renamed, a file added and one deleted.
        var shape = Path.Combine(root, "Lib", "Shape.cs");
        await File.WriteAllTextAsync(shape, (await File.ReadAllTextAsync(shape))
            .Replace("    public int Scale(", "    /// <summary>Scales the shape by a factor.</summary>\n    public int Scale(", StringComparison.Ordinal)
            .Replace("//OVERLOADS", "public int Area(int size) => size;", StringComparison.Ordinal));
        var user = Path.Combine(root, "App", "User.cs");
        await File.WriteAllTextAsync(user, (await File.ReadAllTextAsync(user)).Replace("public int Secret()", "public int Reveal()", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Path.Combine(root, "Lib", "Circle.cs"), "namespace Lib;\n\n/// <summary>A round shape.</summary>\npublic sealed class Circle\n{\n    public double Radius { get; init; }\n}\n");
        File.Delete(Path.Combine(root, "Extra", "Tool.cs"));

        await using var watched = CodeIndex.Storage.Connection.DatabaseConnector.Create(connection);
        var repo = await RepoIdAsync(watched, root);
        await WaitUntilDrainedAsync(connection, watched, repo, watch, lines);
        await TerminateAsync(watch);
        Assert.Equal(0, watch.ExitCode);

        var freshConnection = await database.CreateDatabaseAsync("wf");
        var fresh = await CliRunner.RunAsync(freshConnection, "index", Path.Combine(root, "Watch.slnx"), "--no-restore", "--chroma", url, "--json");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        await using var reference = CodeIndex.Storage.Connection.DatabaseConnector.Create(freshConnection);
        var expected = await Db.RowsAsync(reference, EmbeddingRows, await RepoIdAsync(reference, root));
        var actual = await Db.RowsAsync(watched, EmbeddingRows, repo);
        Assert.Contains(expected, r => r.Contains("T:Lib.Circle", StringComparison.Ordinal));
        Assert.Contains(expected, r => r.Contains("Scales the shape", StringComparison.Ordinal));
        Assert.True(expected.SequenceEqual(actual),
            "the watched embeddings differ from a fresh index's:\n" + string.Join('\n', expected.Except(actual).Take(10).Select(r => "- " + r).Concat(actual.Except(expected).Take(10).Select(r => "+ " + r))));

        // ChromaDB holds exactly what PostgreSQL does: counts, every id and every text.
        var verify = await CliRunner.RunAsync(connection, "chroma", "verify", "--sample", "0", "--chroma", url, "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>Waits until the last edit is in the graph and <c>status</c> reports nothing pending: files, embeddings, Chroma outbox.</summary>
    private static async Task WaitUntilDrainedAsync(string connection, NpgsqlDataSource db, long repo, System.Diagnostics.Process watch, List<string> lines)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        var last = "";
        while (DateTime.UtcNow < deadline && !watch.HasExited)
        {
            var inGraph = await Db.CountAsync(db, """
                SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key IN ('T:Lib.Circle', 'M:App.User.Reveal')
                """, repo) == 2
                && await Db.CountAsync(db, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key IN ('M:App.User.Secret', 'T:Extra.Tool')", repo) == 0;
            var status = await CliRunner.RunAsync(connection, "status", "--json");
            last = status.StdOut;
            var entry = status.Json().GetProperty("results")[0];
            if (inGraph && entry.GetProperty("filesPending").GetInt32() == 0 && entry.GetProperty("embeddingBacklog").GetInt64() == 0
                && entry.GetProperty("chromaOutbox").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        lock (lines)
        {
            throw new TimeoutException($"the watch did not drain; last status: {last}\nevents:\n{string.Join('\n', lines)}");
        }
    }
}
