using System.Text.RegularExpressions;
using CodeIndex.Testing;
using CodeIndex.Watch.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Watch.Tests;

/// <summary>
/// The equality test: a seeded random sequence of edits of every kind on the fixture solution, some applied back to back (one
/// batch), then the index must equal a fresh full index of the same tree. The seed is printed (and in the failure message);
/// set CODEINDEX_WATCH_SEED to replay one.
/// </summary>
public sealed partial class WatchEqualityTests(DatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private enum Kind { Body, Rename, Overload, Signature, ImplicitMembers, FileAdd, FileDelete, FileRename, PartialSplit, ProjectReference, CompileRemove }

    [Fact]
    public async Task Watch_RandomEditSequence_EqualsAFreshFullIndex()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CODEINDEX_WATCH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay: CODEINDEX_WATCH_SEED={seed})");
        var random = new Random(seed);
        var kinds = Enum.GetValues<Kind>().SelectMany(k => new[] { k, k }).Concat(Enumerable.Range(0, 8).Select(_ => (Kind)random.Next(0, 9))).ToList();
        kinds = [.. kinds.OrderBy(_ => random.Next())];

        await using var watch = await WatchHarness.CreateAsync(fixture);
        await watch.StartAsync();
        var editor = new Editor(watch, random);
        var counts = new Dictionary<Kind, int>();
        for (var i = 0; i < kinds.Count; i++)
        {
            var done = await editor.ApplyAsync(kinds[i]);
            counts[done] = counts.GetValueOrDefault(done) + 1;
            if (random.NextDouble() < 0.7 || i == kinds.Count - 1)
            {
                await watch.WaitIdleAsync(TimeSpan.FromMinutes(3)); // else the next edit lands in the same batch
            }

            if (i == kinds.Count / 2)
            {
                await AssertEqualAsync(watch, seed, $"step {i + 1}");
            }
        }

        output.WriteLine("edits: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        output.WriteLine($"batches: {watch.Events.Count(e => e.Kind == "batch")}, reloads: {watch.Events.Count(e => e.Kind == "reload")}");
        foreach (var kind in Enum.GetValues<Kind>())
        {
            Assert.True(counts.GetValueOrDefault(kind) >= 1, $"seed {seed}: no {kind} edit was made");
        }

        await AssertEqualAsync(watch, seed, "the last edit");
    }

    private static async Task AssertEqualAsync(WatchHarness watch, int seed, string when)
    {
        await watch.WaitIdleAsync(TimeSpan.FromMinutes(3));
        var actual = await watch.SnapshotAsync();
        var expected = await watch.FreshSnapshotAsync();
        Assert.True(expected.SequenceEqual(actual), $"seed {seed}: after {when} the index differs from a fresh full index:\n{WatchHarness.Diff(expected, actual)}");
    }

    /// <summary>Makes one edit of a kind on the fixture's files (toggling ones alternate between their two states).</summary>
    private sealed partial class Editor(WatchHarness watch, Random random)
    {
        private readonly List<string> _generated = [];
        private int _next;

        public async Task<Kind> ApplyAsync(Kind kind)
        {
            var n = ++_next;
            switch (kind)
            {
                case Kind.Body:
                    await watch.EditAsync(random.Next(2) == 0 ? "Lib/Shape.cs" : "App/User.cs", t => t.Replace("//STMT", $"System.Console.WriteLine({n});\n        //STMT"));
                    return kind;
                case Kind.Rename:
                    await watch.EditAsync("Lib/Shape.cs", t => ScaleName().Replace(t, m => $"public int {(m.Groups[1].Value == "Scale" ? $"Scale{n}" : "Scale")}({m.Groups[2].Value} factor)"));
                    return kind;
                case Kind.Signature:
                    await watch.EditAsync("Lib/Shape.cs", t => ScaleName().Replace(t, m => $"public int {m.Groups[1].Value}({(m.Groups[2].Value == "int" ? "long" : "int")} factor)"));
                    return kind;
                case Kind.Overload:
                    await Toggle("Lib/Shape.cs", "//OVERLOADS", "public int Area(int size) => size; //OVERLOADS");
                    return kind;
                case Kind.ImplicitMembers:
                    if (random.Next(2) == 0)
                    {
                        await Toggle("Lib/Bag.cs", "//ENUM", "public System.Collections.Generic.IEnumerator<int> GetEnumerator() { foreach (var i in _items) { yield return i; } } //ENUM");
                    }
                    else
                    {
                        await Toggle("Lib/Bag.cs", "//DECON", "public void Deconstruct(out int x, out int y) { x = X; y = Y; } //DECON");
                    }

                    return kind;
                case Kind.FileAdd:
                    await AddGeneratedAsync(n);
                    return kind;
                case Kind.FileDelete when _generated.Count > 0:
                {
                    var victim = _generated[random.Next(_generated.Count)];
                    _generated.Remove(victim);
                    File.Delete(watch.PathOf(victim));
                    return kind;
                }

                case Kind.FileRename when _generated.Count > 0:
                {
                    var from = _generated[random.Next(_generated.Count)];
                    var to = Path.Combine(Path.GetDirectoryName(from)!, $"Moved{n}.cs");
                    File.Move(watch.PathOf(from), watch.PathOf(to));
                    _generated[_generated.IndexOf(from)] = to;
                    return kind;
                }

                case Kind.FileDelete or Kind.FileRename:
                    await AddGeneratedAsync(n);
                    return Kind.FileAdd;
                case Kind.PartialSplit:
                {
                    var path = $"Lib/ShapePart{n}.cs";
                    await watch.WriteAsync(path, $"namespace Lib;\n\npublic partial class Shape\n{{\n    public int Part{n}() => Area({n}L) + Scale({n});\n}}\n");
                    _generated.Add(path);
                    return kind;
                }

                case Kind.ProjectReference:
                    await Toggle("App/App.csproj", "<!--REFERENCE-->", "<ProjectReference Include=\"../Extra/Extra.csproj\" /><!--REFERENCE-->");
                    return kind;
                case Kind.CompileRemove:
                    await Toggle("Lib/Lib.csproj", "<!--COMPILE-->", "<ItemGroup><Compile Remove=\"Excluded/**\" /></ItemGroup><!--COMPILE-->");
                    return kind;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
            }
        }

        private async Task AddGeneratedAsync(int n)
        {
            var lib = $"Lib/Gen{n}.cs";
            var app = $"App/UseGen{n}.cs";
            await watch.WriteAsync(lib, $"namespace Lib;\n\npublic static class Gen{n}\n{{\n    public static int Id(Shape s) => s.Area({n}) + {n};\n}}\n");
            await watch.WriteAsync(app, $"namespace App;\n\npublic static class UseGen{n}\n{{\n    public static int Run() => Lib.Gen{n}.Id(new Lib.Shape());\n}}\n");
            _generated.Add(lib);
            _generated.Add(app);
        }

        private Task Toggle(string file, string marker, string replacement) =>
            watch.EditAsync(file, t => t.Contains(replacement, StringComparison.Ordinal) ? t.Replace(replacement, marker) : t.Replace(marker, replacement));

        [GeneratedRegex(@"public int (Scale\d*)\((int|long) factor\)")]
        private static partial Regex ScaleName();
    }
}
