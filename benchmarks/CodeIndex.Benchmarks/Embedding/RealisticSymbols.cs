using System.Globalization;
using CodeIndex.Core.Model;
using CodeIndex.Vectors.Text;

namespace CodeIndex.Benchmarks.Embedding;

/// <summary>Deterministic symbols that read like real C# (verbs and nouns of a business/infrastructure code base, doc summaries on most members, full signatures),
/// so their <see cref="SymbolTextBuilder"/> texts are ~20–40 tokens like those of a real repository; and body words shaped like this repository's own
/// (measured: 96% of methods have some, median 18 words, p90 49; 20% of properties, ~5; half the fields, ~12; a fifth of constructors, ~13).</summary>
internal static class RealisticSymbols
{
    private static readonly string[] Verbs = ["Get", "Create", "Parse", "Validate", "Load", "Save", "Compute", "Resolve", "Build", "Find", "Update", "Delete", "Format", "Read", "Write", "Merge", "Publish", "Schedule", "Refresh", "Normalize", "Export", "Import", "Retry", "Cancel", "Render", "Map", "Encode", "Decode", "Register", "Dispatch"];
    private static readonly string[] Nouns = ["User", "Order", "Connection", "Symbol", "Repository", "Document", "Token", "Query", "Cache", "Vector", "Batch", "Session", "Invoice", "Customer", "Payment", "Shipment", "Account", "Report", "Schedule", "Message", "Event", "Tenant", "Permission", "Role", "Product", "Catalog", "Price", "Discount", "Address", "Config", "Manifest", "Project", "File", "Path", "Chunk", "Index", "Timeout", "Lease", "Snapshot", "Metric"];
    private static readonly string[] Suffixes = ["Service", "Store", "Reader", "Writer", "Parser", "Builder", "Options", "Loader", "Handler", "Validator", "Client", "Controller", "Provider", "Factory", "Cache", "Policy"];
    private static readonly string[] Areas = ["Billing", "Shipping", "Identity", "Catalog", "Search", "Storage", "Reporting", "Messaging", "Scheduling", "Payments"];
    private static readonly string[] Layers = ["Api", "Domain", "Infrastructure", "Application", "Persistence"];
    private static readonly string[] Qualifiers = ["ById", "ForTenant", "Async", "IfMissing", "InBatches", "WithRetry", "FromCache", "ByName", "ForUser", "Incrementally"];
    private static readonly string[] Types = ["int", "long", "string", "bool", "Guid", "DateTimeOffset", "TimeSpan", "decimal"];
    private static readonly string[] Reasons = ["so callers never see a partial result", "and throws when the input is invalid", "within the current transaction", "using the configured policy",
        "and records a metric for each attempt", "without blocking the caller", "and returns null when nothing matches", "ordered by creation time", "for the current tenant only", "and caches the result for the next call"];

    public static List<SymbolRecord> Create(int count, int seed)
    {
        var random = new Random(seed);
        var bodies = new Random(seed + 1); // a stream of its own, so names and docs stay what they were before bodies existed
        var inv = CultureInfo.InvariantCulture;
        var result = new List<SymbolRecord>(count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        string typeName = "", ns = "", typeQualified = "", file = "";
        for (var i = 0; result.Count < count; i++)
        {
            string kind, name, qualified, key, signature;
            string? doc = null;
            if (i % 12 == 0)
            {
                var area = Areas[random.Next(Areas.Length)];
                ns = $"Acme.{area}.{Layers[random.Next(Layers.Length)]}";
                var noun = Pick(random, Nouns);
                var isInterface = random.Next(6) == 0;
                typeName = (isInterface ? "I" : "") + noun + Pick(random, Suffixes);
                typeQualified = $"{ns}.{typeName}";
                file = string.Create(inv, $"src/Acme.{area}/{typeName}.cs");
                kind = isInterface ? SymbolKinds.Interface : random.Next(8) == 0 ? SymbolKinds.Record : SymbolKinds.Class;
                name = typeName;
                qualified = typeQualified;
                key = "T:" + qualified;
                signature = $"public {(kind == SymbolKinds.Record ? "sealed record" : kind)} {name}";
                doc = random.Next(10) < 7 ? $"{Pick(random, Verbs)}s {Lower(noun)} data for the {Lower(area)} area {Pick(random, Reasons)}." : null;
            }
            else
            {
                var roll = random.Next(100);
                var verb = Pick(random, Verbs);
                var noun = Pick(random, Nouns);
                if (roll < 65)
                {
                    kind = SymbolKinds.Method;
                    var async = random.Next(2) == 0;
                    name = verb + noun + (random.Next(3) == 0 ? Pick(random, Qualifiers).Replace("Async", "", StringComparison.Ordinal) : "") + (async ? "Async" : "");
                    var p1 = Lower(Pick(random, Nouns)) + "Id";
                    var t1 = Pick(random, Types);
                    var ret = async ? $"Task<{noun}>" : random.Next(3) == 0 ? "void" : $"IReadOnlyList<{noun}>";
                    signature = $"public {ret} {name}({t1} {p1}{(random.Next(2) == 0 ? $", {Pick(random, Types)} {Lower(Pick(random, Nouns))}" : "")}{(async ? ", CancellationToken cancellationToken" : "")})";
                    key = $"M:{typeQualified}.{name}({t1})";
                    doc = random.Next(10) < 7 ? $"{verb}s the {Lower(noun)} {Pick(random, Reasons)}." : null;
                }
                else if (roll < 88)
                {
                    kind = SymbolKinds.Property;
                    name = noun + Pick(random, ["Count", "Name", "Timeout", "Limit", "Id", "Status", "Total", "Options", "Path", "Version"]);
                    signature = $"public {Pick(random, Types)} {name} {{ get; init; }}";
                    key = $"P:{typeQualified}.{name}";
                    doc = random.Next(10) < 5 ? $"The {Lower(noun)} {Lower(name[noun.Length..])} used when the {Lower(Pick(random, Nouns))} is {Lower(verb)}d." : null;
                }
                else if (roll < 96)
                {
                    kind = SymbolKinds.Field;
                    name = "_" + Lower(noun) + Pick(random, Suffixes);
                    signature = $"private readonly {noun}{Pick(random, Suffixes)} {name}";
                    key = $"F:{typeQualified}.{name}";
                }
                else
                {
                    kind = SymbolKinds.Constructor;
                    name = ".ctor";
                    signature = $"public {typeName.TrimStart('I')}({noun}{Pick(random, Suffixes)} {Lower(noun)}, ILogger logger)";
                    key = string.Create(inv, $"M:{typeQualified}.#ctor({noun}{i})");
                    doc = $"Creates the {Lower(typeName)} with its {Lower(noun)} dependency.";
                }

                qualified = $"{typeQualified}.{name}";
            }

            if (!keys.Add(key))
            {
                continue;
            }

            var line = 3 + (i % 12 * 14);
            result.Add(new SymbolRecord(key, name, qualified, kind, "Acme." + ns.Split('.')[1], file, line, 5, line + 10, 6, signature, doc, "public",
                SymbolModifiers.None, "csharp", false, "Acme." + ns.Split('.')[1], "1.0.0.0", i.ToString("x16", inv), [new SourceSpan(file, line, 5, line + 10, 6)],
                Body(bodies, kind)));
        }

        return result;
    }

    /// <summary>The text the pipeline embeds for a symbol (the same builder its prepare step calls).</summary>
    public static string Text(SymbolRecord s) => SymbolTextBuilder.Build(new EmbeddableSymbol(s.Kind, s.Name, s.QualifiedName, s.Signature, s.Documentation));

    /// <summary>Body words as <c>BodyWords</c> collects them (each word once): identifiers the body uses, sometimes a message literal and a comment.</summary>
    private static string? Body(Random random, string kind)
    {
        var (share, median) = kind switch
        {
            SymbolKinds.Method => (96, 18),
            SymbolKinds.Property => (20, 4),
            SymbolKinds.Field => (50, 8),
            SymbolKinds.Constructor => (20, 10),
            _ => (0, 0),
        };
        if (random.Next(100) >= share)
        {
            return null;
        }

        // Log-normal-ish length: median as measured, long tail (p90 about 2.7 × median), at least 1.
        var count = Math.Max(1, (int)Math.Round(median * Math.Exp(0.75 * Gaussian(random))));
        var words = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < count)
        {
            var roll = random.Next(10);
            var word = roll switch
            {
                < 5 => Pick(random, Verbs) + Pick(random, Nouns) + (random.Next(3) == 0 ? "Async" : ""),
                < 7 => Lower(Pick(random, Nouns)) + (random.Next(2) == 0 ? Pick(random, Suffixes) : ""),
                < 8 => Pick(random, Nouns) + Pick(random, Suffixes),
                < 9 => Pick(random, Types),
                _ => $"Could not {Lower(Pick(random, Verbs))} the {Lower(Pick(random, Nouns))} {Pick(random, Reasons)}",
            };
            foreach (var part in word.Split(' '))
            {
                if (words.Count < count && seen.Add(part))
                {
                    words.Add(part);
                }
            }
        }

        return string.Join(' ', words);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Lower(string value) => value.Length == 0 ? value : char.ToLowerInvariant(value[0]) + value[1..];
}
