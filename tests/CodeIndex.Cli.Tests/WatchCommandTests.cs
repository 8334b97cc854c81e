using System.Diagnostics;
using System.Text.Json;
using CodeIndex.Cli.Tests.Support;
using CodeIndex.Testing;
using static CodeIndex.Cli.Tests.Support.WatchProcess;

namespace CodeIndex.Cli.Tests;

/// <summary>
/// The real <c>codeindex watch</c> process: JSON events on stdout, a second watcher refused, <c>status</c> from the lock, SIGTERM
/// exits 0 within 5 s; and <c>index</c> of one project of a repository indexed from its solution keeps the other projects.
/// </summary>
public sealed class WatchCommandTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Watch_Process_EventsStatusSecondWatcherAndSigterm()
    {
        var root = RepoPaths.CopyFixture("Watch");
        var connection = await fixture.CreateDatabaseAsync("cw");
        using var watch = Start(connection, "watch", Path.Combine(root, "Watch.slnx"), "--no-embed", "--json");
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        var stderr = watch.StandardError.ReadToEndAsync();
        await WaitForLineAsync(lines, "\"event\":\"ready\"", watch, TimeSpan.FromMinutes(3));

        // Every stdout line is one JSON event.
        lock (lines)
        {
            Assert.All(lines, l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("event", out _), l));
        }

        var status = await CliRunner.RunAsync(connection, "status", "--json");
        var entry = status.Json().GetProperty("results")[0];
        Assert.True(entry.GetProperty("watched").GetBoolean(), status.ToString());
        Assert.Equal(watch.Id, entry.GetProperty("pid").GetInt32());

        var second = await CliRunner.RunAsync(connection, "watch", Path.Combine(root, "Watch.slnx"), "--no-embed", "--no-restore", "--json");
        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains("watch_in_progress", second.StdOut, StringComparison.Ordinal);

        int batches;
        lock (lines)
        {
            batches = lines.Count(l => l.Contains("\"event\":\"batch\"", StringComparison.Ordinal)); // the start-up write is one
        }

        await File.WriteAllTextAsync(Path.Combine(root, "Lib", "Added.cs"), "namespace Lib;\npublic static class Added { public static int One() => 1; }\n");
        await WaitForLineAsync(lines, "\"event\":\"batch\"", watch, TimeSpan.FromMinutes(1), skip: batches);
        var symbols = await CliRunner.RunAsync(connection, "symbols", "Added", "--json");
        Assert.Contains("T:Lib.Added", symbols.StdOut, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", watch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await watch.WaitForExitAsync(timeout.Token);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"SIGTERM took {clock.Elapsed}");
        Assert.True(watch.ExitCode == 0, $"exit {watch.ExitCode}: {await stderr}");
        await reader;
        Assert.Contains(lines, l => l.Contains("\"event\":\"stopped\"", StringComparison.Ordinal));

        var after = await CliRunner.RunAsync(connection, "status", "--json");
        Assert.False(after.Json().GetProperty("results")[0].GetProperty("watched").GetBoolean(), after.ToString());
    }

    [Fact]
    public async Task Watch_KilledMidBatch_NextStartReconcilesToAFreshIndex()
    {
        var root = RepoPaths.CopyFixture("Watch");
        var connection = await fixture.CreateDatabaseAsync("ck");
        using (var watch = Start(connection, "watch", Path.Combine(root, "Watch.slnx"), "--no-embed", "--json"))
        {
            var lines = CollectLines(watch);
            await WaitForLineAsync(lines, "\"event\":\"ready\"", watch, TimeSpan.FromMinutes(3));

            // A burst of edits (a declaration change with dependents, new files), then kill -9 while batches are in flight.
            await File.WriteAllTextAsync(Path.Combine(root, "Lib", "Shape.cs"), (await File.ReadAllTextAsync(Path.Combine(root, "Lib", "Shape.cs"))).Replace("//OVERLOADS", "public int Area(int size) => size;"));
            for (var i = 0; i < 40; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(root, "App", $"Burst{i}.cs"), $"namespace App;\npublic static class Burst{i} {{ public static int Run(Lib.Shape s) => s.Area({i}); }}\n");
            }

            await WaitForLineAsync(lines, "\"event\":\"batch\"", watch, TimeSpan.FromMinutes(1));
            watch.Kill(); // SIGKILL: no clean-up runs
            await watch.WaitForExitAsync();
        }

        var restarted = Start(connection, "watch", Path.Combine(root, "Watch.slnx"), "--no-embed", "--no-restore", "--json");
        var after = CollectLines(restarted);
        await WaitForLineAsync(after, "\"event\":\"ready\"", restarted, TimeSpan.FromMinutes(3));
        await TerminateAsync(restarted);
        restarted.Dispose();

        var freshConnection = await fixture.CreateDatabaseAsync("cf");
        var fresh = await CliRunner.RunAsync(freshConnection, "index", Path.Combine(root, "Watch.slnx"), "--no-embed", "--no-restore", "--json");
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        await using var watched = CodeIndex.Storage.Connection.DatabaseConnector.Create(connection);
        await using var reference = CodeIndex.Storage.Connection.DatabaseConnector.Create(freshConnection);
        var actual = await CodeIndex.Watch.Tests.Support.IndexSnapshot.ReadAsync(watched, await RepoIdAsync(watched, root));
        var expected = await CodeIndex.Watch.Tests.Support.IndexSnapshot.ReadAsync(reference, await RepoIdAsync(reference, root));
        Assert.True(expected.SequenceEqual(actual),
            "after kill -9 and a restart the index differs from a fresh one:\n" + string.Join('\n', expected.Except(actual).Take(10).Select(r => "- " + r).Concat(actual.Except(expected).Take(10).Select(r => "+ " + r))));
    }

    [Fact]
    public async Task Watch_PathThatDoesNotExist_Exits2WithAClearMessage()
    {
        var result = await CliRunner.RunAsync(await fixture.CreateDatabaseAsync("cw"), "watch", "/nonexistent/codeindex-watch", "--json");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("path_not_found", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task Index_OneProjectOfARepositoryIndexedFromItsSolution_KeepsTheOtherProjects()
    {
        var root = RepoPaths.CopyFixture("Watch");
        Directory.CreateDirectory(Path.Combine(root, ".git")); // the repository root, as in a clone: every project's input maps to it
        var connection = await fixture.CreateDatabaseAsync("cp");
        var full = await CliRunner.RunAsync(connection, "index", Path.Combine(root, "Watch.slnx"), "--no-embed", "--json");
        Assert.True(full.ExitCode == 0, full.ToString());

        // Extra's code changes, then only Extra's project is indexed: Lib and App stay as they are, Extra's change is in.
        await File.WriteAllTextAsync(Path.Combine(root, "Extra", "Tool.cs"), "namespace Extra;\n\npublic static class Tool\n{\n    public static int Go(int value) => value + 2;\n    public static int Stop() => 0;\n}\n");
        var one = await CliRunner.RunAsync(connection, "index", Path.Combine(root, "Extra", "Extra.csproj"), "--no-embed", "--json");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.StartsWith("projects Extra", one.Json().GetProperty("results")[0].GetProperty("replaced").GetString(), StringComparison.Ordinal);

        foreach (var (name, expected) in new[] { ("Shape", "T:Lib.Shape"), ("User", "T:App.User"), ("Stop", "M:Extra.Tool.Stop") })
        {
            var found = await CliRunner.RunAsync(connection, "symbols", name, "--json");
            Assert.Contains(expected, found.StdOut, StringComparison.Ordinal);
        }
    }
}
