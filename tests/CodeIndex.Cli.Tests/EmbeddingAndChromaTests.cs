using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Tests.Support;
using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;
using Npgsql;

namespace CodeIndex.Cli.Tests;

/// <summary>End-to-end: embeddings with the real model, a real ChromaDB server going down and coming back, the dimension check at start-up.</summary>
public sealed class EmbeddingAndChromaTests(DatabaseFixture database, ChromaServerFixture chroma)
    : IClassFixture<DatabaseFixture>, IClassFixture<ChromaServerFixture>
{
    [Fact]
    public async Task Index_WithChromaDownThenBack_ExitsZeroWarnsAndSyncCatchesUp()
    {
        var repo = RepoPaths.CopyFixture("Basic");
        var url = chroma.Url.ToString();
        chroma.Kill();

        var index = await CliRunner.RunAsync(database.ConnectionString, "index", repo, "--chroma", url, "--json");
        Assert.True(index.ExitCode == 0, index.ToString());
        var json = index.Json();
        var summary = json.GetProperty("results")[0];
        var embedded = summary.GetProperty("embeddings").GetProperty("embedded").GetInt32();
        Assert.True(embedded > 0, index.ToString());
        var pending = summary.GetProperty("chroma").GetProperty("pendingInOutbox").GetInt64();
        Assert.Equal(summary.GetProperty("embeddings").GetProperty("symbols").GetInt32(), pending);
        Assert.Contains(json.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("outbox", StringComparison.Ordinal));

        var whileDown = await CliRunner.RunAsync(database.ConnectionString, "chroma", "sync", "--chroma", url, "--json");
        Assert.Equal(1, whileDown.ExitCode);
        Assert.Equal("chroma_unreachable", whileDown.Json().GetProperty("error").GetProperty("code").GetString());

        await chroma.RestartAsync();
        var sync = await CliRunner.RunAsync(database.ConnectionString, "chroma", "sync", "--chroma", url, "--json");
        Assert.True(sync.ExitCode == 0, sync.ToString());
        Assert.Equal(0, sync.Json().GetProperty("results")[0].GetProperty("pendingAfter").GetInt64());

        var verify = await CliRunner.RunAsync(database.ConnectionString, "chroma", "verify", "--chroma", url, "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // Delete one document behind our back: verify must notice, sync --rebuild must repair.
        var dbName = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        using var client = chroma.CreateClient(database: "codeindex_" + dbName);
        var collection = (await client.ListCollectionsAsync()).Single(c => c.Name.StartsWith("codeindex-", StringComparison.Ordinal));
        await client.DeleteAsync(collection, ["T:Basic.Core.Greeter"]);
        var drift = await CliRunner.RunAsync(database.ConnectionString, "chroma", "verify", "--chroma", url, "--json");
        Assert.True(drift.ExitCode == 1, drift.ToString());
        Assert.Contains("T:Basic.Core.Greeter", drift.StdOut);

        var rebuild = await CliRunner.RunAsync(database.ConnectionString, "chroma", "sync", "--rebuild", "--chroma", url);
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        var repaired = await CliRunner.RunAsync(database.ConnectionString, "chroma", "verify", "--chroma", url);
        Assert.True(repaired.ExitCode == 0, repaired.ToString());

        // Unchanged re-index: zero embeddings computed, nothing new for Chroma.
        var again = await CliRunner.RunAsync(database.ConnectionString, "index", repo, "--no-restore", "--chroma", url, "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        var second = again.Json().GetProperty("results")[0];
        Assert.Equal(0, second.GetProperty("embeddings").GetProperty("embedded").GetInt32());
        Assert.Equal(embedded, second.GetProperty("embeddings").GetProperty("unchanged").GetInt32());
        Assert.Equal(0, second.GetProperty("chroma").GetProperty("pendingInOutbox").GetInt64());
    }

    [Fact]
    public async Task ChromaCommands_WithoutUrl_ExitTwo()
    {
        var result = await CliRunner.RunAsync(database.ConnectionString, "chroma", "verify", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("chroma_not_configured", result.Json().GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Index_StoredVectorsOfAnotherDimension_FailsAtStartUpBeforeIndexing()
    {
        var isolated = await database.CreateDatabaseAsync("dim");
        await using (var ds = CodeIndex.Storage.Connection.DatabaseConnector.Create(isolated))
        {
            await using var cmd = ds.CreateCommand("INSERT INTO embedding_models (model_id, dimension) VALUES ('use-lite-v1', 384)");
            await cmd.ExecuteNonQueryAsync();
        }

        var result = await CliRunner.RunAsync(isolated, "index", RepoPaths.CopyFixture("Basic"), "--json");
        Assert.Equal(1, result.ExitCode);
        var error = result.Json().GetProperty("error");
        Assert.Equal("embedding_dimension_mismatch", error.GetProperty("code").GetString());
        Assert.Contains("To fix this", error.GetProperty("message").GetString());

        var repos = await CliRunner.RunAsync(isolated, "repos", "--json");
        Assert.Equal(0, repos.Json().GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Index_MissingModelFolder_ExitsTwoWithFix()
    {
        var result = await CliRunner.RunAsync(database.ConnectionString, "index", RepoPaths.CopyFixture("Basic"), "--model", "/no/such/model", "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("embedding_model_missing", result.Json().GetProperty("error").GetProperty("code").GetString());
    }
}
