namespace CodeIndex.Testing;

/// <summary>A deterministic, code-shaped random graph: types containing methods, a few hub methods with thousands of callers, long call chains, cycles, references, inheritance and overrides.</summary>
/// <remarks>
/// About 10% types (5% of them interfaces) and 90% methods; per method ≈3.5 calls (12% to one of 8 hubs, 10% to the
/// next method — chains of up to 200 —, 5% anywhere — cycles —, else a method up to 2000 positions further — layering),
/// one reference to a type and one <c>contains</c> edge; 60% of classes extend, 30% implement; 5% of methods override
/// or implement another. 100k symbols give ≈500k edges. Names are lowercase letters, digits and dots only, so the
/// database collation and ordinal comparison order them alike.
/// </remarks>
public sealed class GeneratedGraph
{
    public const int Hubs = 8;

    private GeneratedGraph(string[] names, string[] kinds, List<(int Source, int Target, string Type)> edges, int typeCount)
    {
        Names = names;
        Kinds = kinds;
        Edges = edges;
        TypeCount = typeCount;
    }

    /// <summary>Qualified names; the symbol key is "M:" or "T:" + name.</summary>
    public string[] Names { get; }

    public string[] Kinds { get; }

    public List<(int Source, int Target, string Type)> Edges { get; }

    /// <summary>Symbols [0, TypeCount) are types, the rest methods; the first <see cref="Hubs"/> methods are hubs.</summary>
    public int TypeCount { get; }

    private Dictionary<string, int>? _index;

    /// <summary>Index of the symbol with qualified name <paramref name="name"/>.</summary>
    public int IndexOf(string name)
    {
        _index ??= Names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        return _index[name];
    }

    public string Key(int i) => (Kinds[i] == "method" ? "M:" : "T:") + Names[i];

    public static GeneratedGraph Create(int symbols, int seed)
    {
        var random = new Random(seed);
        var typeCount = Math.Max(2, symbols / 10);
        var interfaces = Math.Max(1, typeCount / 20);
        var methods = symbols - typeCount;
        var names = new string[symbols];
        var kinds = new string[symbols];
        var owner = new int[symbols];
        for (var t = 0; t < typeCount; t++)
        {
            names[t] = $"g.t{t:D6}";
            kinds[t] = t < interfaces ? "interface" : "class";
        }

        for (var m = 0; m < methods; m++)
        {
            var i = typeCount + m;
            owner[i] = random.Next(typeCount);
            names[i] = $"{names[owner[i]]}.m{m:D6}";
            kinds[i] = "method";
        }

        var edges = new HashSet<(int, int, string)>();
        for (var t = interfaces; t < typeCount; t++)
        {
            if (random.NextDouble() < 0.6 && t > interfaces)
            {
                edges.Add((t, interfaces + random.Next(t - interfaces), "extends"));
            }

            if (random.NextDouble() < 0.3)
            {
                edges.Add((t, random.Next(interfaces), "implements"));
            }
        }

        for (var m = 0; m < methods; m++)
        {
            var i = typeCount + m;
            edges.Add((owner[i], i, "contains"));
            edges.Add((i, random.Next(typeCount), "references"));
            if (random.NextDouble() < 0.05)
            {
                edges.Add((i, typeCount + random.Next(methods), random.NextDouble() < 0.5 ? "overrides" : "implements"));
            }

            if (m < Hubs)
            {
                continue;
            }

            var calls = 1 + (int)(-Math.Log(1 - random.NextDouble()) * 2.5);
            for (var c = 0; c < calls; c++)
            {
                var r = random.NextDouble();
                var target = r < 0.12 ? random.Next(Hubs)
                    : r < 0.22 && m % 200 != 199 ? m + 1
                    : r < 0.27 ? random.Next(methods)
                    : m + 1 + random.Next(2000);
                if (target < methods && target != m)
                {
                    edges.Add((i, typeCount + target, "calls"));
                }
            }
        }

        return new GeneratedGraph(names, kinds, [.. edges], typeCount);
    }
}
