using System.Globalization;
using System.Text;

namespace CodeIndex.Benchmarks.Generation;

/// <summary>The C# text of generated file i: an interface and its implementation (sometimes deriving from an earlier class), a record, properties, a generic method, doc comments, and calls into other files of this and lower projects.</summary>
internal static class SourceFileText
{
    public static string Write(GeneratedNames names, int file, Random random)
    {
        var type = names.Type(file);
        var start = names.ProjectStart(file);
        var baseFile = file - start > 10 && random.NextDouble() < 0.3 ? start + random.Next(file - start) : -1;
        var callees = Enumerable.Range(0, 2 + random.Next(3)).Select(_ => Callee(names, file, random)).Distinct().ToList();
        var peer = Callee(names, file, random);
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(inv, $"namespace {names.Namespace(file)};").AppendLine()
         .AppendLine(inv, $"/// <summary>What a {type} can do.</summary>")
         .AppendLine(inv, $"public interface I{type}")
         .AppendLine("{")
         .AppendLine("    /// <summary>Gets the display name.</summary>")
         .AppendLine("    string Name { get; }").AppendLine()
         .AppendLine("    /// <summary>Computes a value from <paramref name=\"input\"/>.</summary>")
         .AppendLine("    int Compute(int input);")
         .AppendLine("}").AppendLine()
         .AppendLine(inv, $"/// <summary>A snapshot of one {type} computation.</summary>")
         .AppendLine(inv, $"public sealed record {type}Snapshot(int Id, string Label, decimal Amount);").AppendLine()
         .AppendLine(inv, $"/// <summary>Implements <see cref=\"I{type}\"/> for generated file {file}.</summary>")
         .AppendLine(inv, $"public class {type} : {(baseFile >= 0 ? names.Qualified(baseFile) + ", " : "")}I{type}")
         .AppendLine("{")
         .AppendLine(inv, $"    private readonly global::Gen.Core.Registry<{type}Snapshot> _history = new();").AppendLine()
         .Append(baseFile >= 0 ? "" : "    /// <summary>Gets or sets how many times this ran.</summary>\n    public int Count { get; set; }\n\n")
         .AppendLine("    /// <inheritdoc />")
         .AppendLine(inv, $"    public {(baseFile >= 0 ? "override" : "virtual")} string Name => \"{type}\";").AppendLine()
         .AppendLine("    /// <inheritdoc />")
         .AppendLine(inv, $"    public {(baseFile >= 0 ? "override" : "virtual")} int Compute(int input)")
         .AppendLine("    {")
         .AppendLine("        Count++;")
         .AppendLine(inv, $"        var total = {(baseFile >= 0 ? "base.Compute(input)" : "input")};");
        foreach (var callee in callees)
        {
            b.AppendLine(inv, $"        total += Call{callee:D5}(total);");
        }

        b.AppendLine(inv, $"        _history.Add(new {type}Snapshot(Count, Name, total));")
         .AppendLine("        return total;")
         .AppendLine("    }").AppendLine()
         .Append(baseFile >= 0 ? "" : GenericMembers + "\n")
         .AppendLine(inv, $"    /// <summary>Largest amount this instance has seen.</summary>")
         .AppendLine(inv, $"    public decimal Largest{file:D5}() => _history.Find(s => s.Amount > 0)?.Amount ?? 0m;").AppendLine()
         .AppendLine(inv, $"    /// <summary>Asks a peer through its interface.</summary>")
         .AppendLine(inv, $"    public string Ask{file:D5}({names.QualifiedInterface(peer)} peer) => peer.Name + \":\" + peer.Compute(Count);");
        foreach (var callee in callees)
        {
            b.AppendLine()
             .AppendLine(inv, $"    private static int Call{callee:D5}(int value)")
             .AppendLine("    {")
             .AppendLine(inv, $"        {names.QualifiedInterface(callee)} other = new {names.Qualified(callee)}();")
             .AppendLine("        return value > 1000 ? other.Compute(value / 2) : other.Name.Length;")
             .AppendLine("    }");
        }

        b.AppendLine("}");
        return b.ToString();
    }

    private const string GenericMembers = """
            /// <summary>Turns the current count into a result of the caller's choosing.</summary>
            /// <typeparam name="TResult">Result type.</typeparam>
            public TResult Transform<TResult>(Func<int, TResult> selector) => selector(Compute(Count));

        """;

    /// <summary>A file of the same project (60%) or of a lower project; never <paramref name="file"/> itself.</summary>
    private static int Callee(GeneratedNames names, int file, Random random)
    {
        var start = names.ProjectStart(file);
        var end = Math.Min(names.Files, start + names.FilesPerProject);
        int callee;
        do
        {
            callee = start == 0 || random.NextDouble() < 0.6 ? start + random.Next(end - start) : random.Next(start);
        }
        while (callee == file);
        return callee;
    }
}
