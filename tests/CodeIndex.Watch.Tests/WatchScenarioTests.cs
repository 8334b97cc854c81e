using CodeIndex.Testing;
using CodeIndex.Watch.Tests.Support;

namespace CodeIndex.Watch.Tests;

/// <summary>
/// The watch on real files and a real database: each edit's exact edge change, and after each step the index equals a fresh full
/// index of the same tree (every symbol column, location, relationship, site, file and project hash, search counter).
/// </summary>
public sealed class WatchScenarioTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const string Callers = """
        SELECT s.symbol_key || ' -> ' || t.symbol_key FROM symbol_relationships r
        JOIN code_symbols s ON s.id = r.source_id JOIN code_symbols t ON t.id = r.target_id
        WHERE r.repository_id = $1 AND r.relationship_type = 'calls' AND t.symbol_key LIKE $2 ORDER BY 1
        """;

    [Fact]
    public async Task Watch_SourceEdits_EachStepEqualsAFreshIndexWithTheExpectedEdges()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync();
        var repo = await watch.RepositoryIdAsync();
        await AssertEqualsFreshAsync(watch, "start");

        // A body edit re-extracts its document only.
        var batches = watch.Events.Count(e => e.Kind == "batch");
        await watch.EditAsync("Lib/Shape.cs", s => s.Replace("//STMT", "System.Console.WriteLine(size);"));
        await watch.WaitIdleAsync();
        var body = watch.Events.Last(e => e.Kind == "batch");
        Assert.Equal(batches + 1, watch.Events.Count(e => e.Kind == "batch"));
        Assert.Equal(1, body.Fields["documents"]);
        Assert.Contains("M:Lib.Shape.Area(System.Int64) -> M:System.Console.WriteLine(System.Int64)", await Db.RowsAsync(watch.DataSource, Callers, repo, "M:System.Console.WriteLine%"));
        await AssertEqualsFreshAsync(watch, "body edit");

        // Overload capture: User.Run calls shape.Area(1) while only Area(long) exists; Area(int) added in Lib moves the edge, though User.cs did not change.
        Assert.Contains("M:App.User.Run(Lib.Shape) -> M:Lib.Shape.Area(System.Int64)", await Db.RowsAsync(watch.DataSource, Callers, repo, "M:Lib.Shape.Area%"));
        await watch.EditAsync("Lib/Shape.cs", s => s.Replace("//OVERLOADS", "public int Area(int size) => size;"));
        await watch.WaitIdleAsync();
        Assert.Equal(["M:App.User.Run(Lib.Shape) -> M:Lib.Shape.Area(System.Int32)"], await Db.RowsAsync(watch.DataSource, Callers, repo, "M:Lib.Shape.Area%"));
        await AssertEqualsFreshAsync(watch, "overload added");

        // A method renamed while another file calls it: the caller's edge goes (its call no longer binds).
        await watch.EditAsync("Lib/Shape.cs", s => s.Replace("public int Scale(int factor)", "public int Resize(int factor)"));
        await watch.WaitIdleAsync();
        Assert.Empty(await Db.RowsAsync(watch.DataSource, Callers, repo, "M:Lib.Shape.Scale%"));
        await AssertEqualsFreshAsync(watch, "rename");

        // GetEnumerator and Deconstruct added to types another file's foreach / deconstruction uses (implicit calls).
        await watch.EditAsync("Lib/Bag.cs", s => s
            .Replace("//ENUM", "public System.Collections.Generic.IEnumerator<int> GetEnumerator() { foreach (var i in _items) { yield return i; } }")
            .Replace("//DECON", "public void Deconstruct(out int x, out int y) { x = X; y = Y; }"));
        await watch.WaitIdleAsync();
        Assert.Contains("M:App.User.Loop(Lib.Bag) -> M:Lib.Bag.GetEnumerator", await Db.RowsAsync(watch.DataSource, Callers, repo, "M:Lib.Bag.GetEnumerator%"));
        Assert.Contains("M:App.User.Split(Lib.Point) -> M:Lib.Point.Deconstruct(System.Int32@,System.Int32@)", await Db.RowsAsync(watch.DataSource, Callers, repo, "M:Lib.Point.Deconstruct%"));
        await AssertEqualsFreshAsync(watch, "implicit members added");

        // A partial class split across files: a new file adds a member to Shape that calls Area.
        await watch.WriteAsync("Lib/ShapePart.cs", "namespace Lib;\n\npublic partial class Shape\n{\n    public int Double() => Area(2L) * 2;\n}\n");
        await watch.WaitIdleAsync();
        Assert.Contains("M:Lib.Shape.Double -> M:Lib.Shape.Area(System.Int64)", await Db.RowsAsync(watch.DataSource, Callers, repo, "M:Lib.Shape.Area%"));
        await AssertEqualsFreshAsync(watch, "partial split");

        // A file renamed (a move), then a type deleted while another file uses it.
        File.Move(watch.PathOf("Lib/ShapePart.cs"), watch.PathOf("Lib/ShapeMore.cs"));
        await watch.WaitIdleAsync();
        Assert.Equal(["Lib/ShapeMore.cs"], await Db.RowsAsync(watch.DataSource, "SELECT file_path FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'M:Lib.Shape.Double'", repo));
        await AssertEqualsFreshAsync(watch, "file renamed");

        await watch.EditAsync("Lib/Bag.cs", s => s[..s.IndexOf("public class Point", StringComparison.Ordinal)]);
        await watch.WaitIdleAsync();
        Assert.Empty(await Db.RowsAsync(watch.DataSource, "SELECT symbol_key FROM code_symbols WHERE repository_id = $1 AND symbol_key LIKE '%Lib.Point%'", repo));
        await AssertEqualsFreshAsync(watch, "type deleted while used");
    }

    [Fact]
    public async Task Watch_ProjectFiles_ReferenceAddedAndCompileRemove_ReloadAndEqualAFreshIndex()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync();
        var repo = await watch.RepositoryIdAsync();
        const string ToTool = "SELECT count(*) FROM symbol_relationships r JOIN code_symbols t ON t.id = r.target_id WHERE r.repository_id = $1 AND r.relationship_type = 'calls' AND t.symbol_key = 'M:Extra.Tool.Go(System.Int32)' AND NOT t.is_external";
        Assert.Equal(0, await Db.CountAsync(watch.DataSource, ToTool, repo)); // App does not reference Extra yet: the call does not bind

        await watch.EditAsync("App/App.csproj", s => s.Replace("<!--REFERENCE-->", "<ProjectReference Include=\"../Extra/Extra.csproj\" />"));
        await watch.WaitIdleAsync(TimeSpan.FromMinutes(3));
        Assert.Contains(watch.Events, e => e.Kind == "reload" && e.Fields["ok"] is true);
        Assert.Equal(1, await Db.CountAsync(watch.DataSource, ToTool, repo));
        await AssertEqualsFreshAsync(watch, "project reference added");

        // <Compile Remove>: Hidden.cs leaves the index, and App's call to it no longer binds.
        Assert.Equal(1, await Db.CountAsync(watch.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:Lib.Hidden'", repo));
        await watch.EditAsync("Lib/Lib.csproj", s => s.Replace("<!--COMPILE-->", "<ItemGroup><Compile Remove=\"Excluded/**\" /></ItemGroup>"));
        await watch.WaitIdleAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(0, await Db.CountAsync(watch.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:Lib.Hidden'", repo));
        await AssertEqualsFreshAsync(watch, "compile remove");

        // A new file in the excluded folder stays out (MSBuild's answer), one elsewhere goes in.
        await watch.WriteAsync("Lib/Excluded/More.cs", "namespace Lib;\npublic static class More { public static int One() => 1; }\n");
        await watch.WriteAsync("Lib/Added.cs", "namespace Lib;\npublic static class Added { public static int Two() => 2; }\n");
        await watch.WaitIdleAsync();
        Assert.Equal(["T:Lib.Added"], await Db.RowsAsync(watch.DataSource, "SELECT symbol_key FROM code_symbols WHERE repository_id = $1 AND symbol_key IN ('T:Lib.More', 'T:Lib.Added')", repo));
        await AssertEqualsFreshAsync(watch, "files added inside and outside the compile items");
    }

    [Fact]
    public async Task Watch_DatabaseRestarted_KeepsPendingChangesRetriesAndCatchesUp()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await using var watch = await WatchHarness.CreateAsync(fixture, connection: server.ConnectionString);
        await watch.StartAsync();
        await watch.EditAsync("App/User.cs", s => s.Replace("//STMT", "total += 1;"));
        await watch.WaitIdleAsync();

        // The server goes away; edits keep coming: a declaration change with dependents and a new file.
        await server.StopAsync();
        await watch.EditAsync("Lib/Shape.cs", s => s.Replace("//OVERLOADS", "public int Area(int size) => size;"));
        await watch.WriteAsync("Lib/WhileDown.cs", "namespace Lib;\npublic static class WhileDown { public static int Four() => 4; }\n");
        await WaitForEventAsync(watch, e => e.Kind == "database" && Equals(e.Fields["state"], "down"), "the database-down event");
        Assert.False(watch.Pipeline!.IsIdle);
        Assert.True(watch.Pipeline.FilesPending >= 2, $"{watch.Pipeline.FilesPending} files pending");

        // Back: the pending changes are written by the next retry, once, and the index is exact again.
        await server.StartAgainAsync();
        await WaitForEventAsync(watch, e => e.Kind == "database" && Equals(e.Fields["state"], "up"), "the database-up event", TimeSpan.FromMinutes(1));
        await AssertEqualsFreshAsync(watch, "a database restart with edits pending");
        Assert.Single(watch.Events, e => e.Kind == "database" && Equals(e.Fields["state"], "down")); // logged once per state change
        Assert.Equal(0, watch.Pipeline.FilesPending);
    }

    private static async Task WaitForEventAsync(WatchHarness watch, Func<Hosting.WatchEvent, bool> match, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!watch.Events.Any(match))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {what}; events: {string.Join(" | ", watch.Events.Select(WatchHarness.Describe))}");
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Watch_Restart_UnchangedWritesNothing_EditsWhileDownAreReconciled_SecondWatcherRefuses()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync();
        var repo = await watch.RepositoryIdAsync();

        // A second watcher of the same repository refuses, naming the daemon.
        var refused = await Assert.ThrowsAsync<Core.Errors.UserInputException>(() =>
            new Hosting.WatchPipeline(watch.Options(restore: false), watch.DataSource, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).RunAsync(CancellationToken.None));
        Assert.Equal("watch_in_progress", refused.Code);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);

        var stopTime = await watch.StopAsync();
        Assert.True(stopTime < TimeSpan.FromSeconds(5), $"stopping took {stopTime}");
        var rows = await Db.RowsAsync(watch.DataSource, "SELECT id || ':' || xmin::text FROM code_symbols WHERE repository_id = $1 ORDER BY id", repo);

        // Restart on the unchanged tree: nothing is written.
        await using (var again = await RestartAsync(watch))
        {
            Assert.Equal("unchanged", again.Events.Single(e => e.Kind == "ready").Fields["mode"]);
            Assert.DoesNotContain(again.Events, e => e.Kind == "batch");
            Assert.Equal(rows, await Db.RowsAsync(watch.DataSource, "SELECT id || ':' || xmin::text FROM code_symbols WHERE repository_id = $1 ORDER BY id", repo));
        }

        // Edits while no daemon runs: a body edit, a signature change, a new file, a deleted file.
        await watch.EditAsync("App/User.cs", s => s.Replace("//STMT", "total += 1;"));
        await watch.EditAsync("Lib/Shape.cs", s => s.Replace("public int Scale(int factor)", "public int Scale(long factor)"));
        await watch.WriteAsync("Lib/Later.cs", "namespace Lib;\npublic static class Later { public static int Three() => 3; }\n");
        File.Delete(watch.PathOf("App/UsesExtra.cs"));
        await using (var after = await RestartAsync(watch))
        {
            Assert.Equal("reconciled", after.Events.Single(e => e.Kind == "ready").Fields["mode"]);
            await AssertEqualsFreshAsync(after, "edits while no daemon ran");
        }
    }

    [Fact]
    public async Task Watch_PackageReferenceBumpedWhileNoDaemonRan_RestartReloadsAndExternalVersionsFollow()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.EditAsync("Lib/Lib.csproj", s => s.Replace("<!--COMPILE-->", "<ItemGroup><PackageReference Include=\"Microsoft.Extensions.DependencyInjection.Abstractions\" Version=\"8.0.0\" /></ItemGroup><!--COMPILE-->"));
        await watch.WriteAsync("Lib/Services.cs", "namespace Lib;\n\npublic static class Services\n{\n    public static int Count(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services.Count;\n}\n");
        await watch.StartAsync();
        var repo = await watch.RepositoryIdAsync();
        const string Version = "SELECT assembly_version FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:Microsoft.Extensions.DependencyInjection.IServiceCollection'";
        Assert.Equal(["8.0.0.0"], await Db.RowsAsync(watch.DataSource, Version, repo));
        await watch.StopAsync();

        // The bump happens while no daemon runs; the next start sees the project's inputs changed, restores and reloads.
        await watch.EditAsync("Lib/Lib.csproj", s => s.Replace("Version=\"8.0.0\"", "Version=\"10.0.14\""));
        await using var after = watch.Reopen();
        await after.StartAsync();
        Assert.Equal("full index", after.Events.Single(e => e.Kind == "ready").Fields["mode"]);
        Assert.Equal(["10.0.0.0"], await Db.RowsAsync(watch.DataSource, Version, repo));
        await AssertEqualsFreshAsync(after, "package bumped while no daemon ran");
    }

    [Fact]
    public async Task Watch_BurstOf500Writes_BecomesAFewBatches()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync(watch.Options() with { MaxBatchDelay = TimeSpan.FromSeconds(1) });
        var before = watch.Events.Count(e => e.Kind == "batch");
        for (var i = 0; i < 500; i++)
        {
            await watch.WriteAsync($"Lib/Gen/G{i % 50}.cs", $"namespace Lib.Gen;\npublic static class G{i % 50} {{ public static int V() => {i}; }}\n");
        }

        await watch.WaitIdleAsync(TimeSpan.FromMinutes(3));
        var batches = watch.Events.Count(e => e.Kind == "batch") - before;
        Assert.InRange(batches, 1, 6);
        await AssertEqualsFreshAsync(watch, "burst");
    }

    [Fact]
    public async Task Watch_Polling_PicksUpEditsAndAddedFiles()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync(watch.Options() with { ForcePolling = true, PollInterval = TimeSpan.FromMilliseconds(200) });
        Assert.Equal("polling", watch.Pipeline!.WatchMode);
        var batches = watch.Events.Count(e => e.Kind == "batch");
        await watch.EditAsync("Lib/Shape.cs", s => s.Replace("//STMT", "System.Console.WriteLine(size);"));
        await watch.WriteAsync("Lib/Polled.cs", "namespace Lib;\npublic static class Polled { public static int Four() => 4; }\n");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (watch.Events.Count(e => e.Kind == "batch") == batches && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await AssertEqualsFreshAsync(watch, "polled edits");
        Assert.Equal(1, await Db.CountAsync(watch.DataSource, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'T:Lib.Polled'", await watch.RepositoryIdAsync()));
    }

    [Fact]
    public async Task Watch_UnreadableAndInvalidFiles_KeepTheirPreviousRowsAndRecover()
    {
        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync();
        var repo = await watch.RepositoryIdAsync();
        const string Area = "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key = 'M:Lib.Shape.Area(System.Int64)'";

        // Invalid UTF-8: the file keeps its rows, a problem is reported; fixed, it goes in.
        var valid = watch.Read("Lib/Shape.cs");
        await File.WriteAllBytesAsync(watch.PathOf("Lib/Shape.cs"), [.. System.Text.Encoding.UTF8.GetBytes(valid.Replace("Area(long size)", "Zone(long size)")), 0xC3, 0x28]);
        await watch.WaitIdleAsync();
        Assert.Contains(watch.Events, e => e.Kind == "problem" && e.Fields["path"] is "Lib/Shape.cs" && ((string)e.Fields["reason"]!).Contains("UTF-8", StringComparison.Ordinal));
        Assert.Equal(1, await Db.CountAsync(watch.DataSource, Area, repo));

        // Fixed: it goes in, and the index equals a fresh one again.
        await watch.WriteAsync("Lib/Shape.cs", valid.Replace("//STMT", "System.Console.WriteLine(size);"));
        await watch.WaitIdleAsync();
        await AssertEqualsFreshAsync(watch, "fixed file");
    }

    private static async Task<WatchHarness> RestartAsync(WatchHarness previous)
    {
        var next = previous.Reopen();
        await next.StartAsync(next.Options(restore: false));
        return next;
    }

    private static async Task AssertEqualsFreshAsync(WatchHarness watch, string step)
    {
        await watch.WaitIdleAsync();
        var actual = await watch.SnapshotAsync();
        var expected = await watch.FreshSnapshotAsync();
        Assert.True(expected.SequenceEqual(actual), $"after {step}, the index differs from a fresh full index:\n{WatchHarness.Diff(expected, actual)}");
    }
}
