using System.Globalization;
using System.Text;

namespace CodeIndex.Embeddings.Tokenization.Unicode;

/// <summary>Unicode NFKC over code points, from embedded tables (string.Normalize is a no-op under InvariantGlobalization).</summary>
internal static class NfkcNormalizer
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<NfkcTables> s_tables = new(NfkcTables.Load);

    /// <summary>Returns the NFKC form of <paramref name="text"/> as code points.</summary>
    public static List<int> NormalizeToCodePoints(string text)
    {
        var tables = s_tables.Value;
        var buffer = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, tables, buffer);
        }

        ReorderCombiningMarks(buffer, tables);
        Compose(buffer, tables);
        return buffer;
    }

    /// <summary>Appends the full compatibility decomposition (NFKD, one code point, Hangul included) of <paramref name="codePoint"/>.</summary>
    public static void DecomposeCompatibility(int codePoint, List<int> output) => Decompose(codePoint, s_tables.Value, output);

    /// <summary>Returns the NFKC form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        if (IsLatin1Ascii(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var cp in NormalizeToCodePoints(text))
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    private static bool IsLatin1Ascii(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0xA0)
            {
                return false;
            }
        }

        return true;
    }

    private static void Decompose(int cp, NfkcTables tables, List<int> output)
    {
        var s = cp - SBase;
        if (s is >= 0 and < SCount)
        {
            output.Add(LBase + (s / NCount));
            output.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                output.Add(TBase + (s % TCount));
            }

            return;
        }

        if (tables.Decompositions.TryGetValue(cp, out var mapping))
        {
            output.AddRange(mapping);
        }
        else
        {
            output.Add(cp);
        }
    }

    private static void ReorderCombiningMarks(List<int> buffer, NfkcTables tables)
    {
        // Stable insertion sort of each run of non-starters by combining class.
        for (var i = 1; i < buffer.Count; i++)
        {
            var cp = buffer[i];
            var ccc = tables.CombiningClass(cp);
            if (ccc == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && tables.CombiningClass(buffer[j - 1]) > ccc)
            {
                buffer[j] = buffer[j - 1];
                j--;
            }

            buffer[j] = cp;
        }
    }

    private static void Compose(List<int> buffer, NfkcTables tables)
    {
        if (buffer.Count == 0)
        {
            return;
        }

        var starterPos = 0;
        var starter = buffer[0];
        var lastClass = tables.CombiningClass(starter) == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < buffer.Count; read++)
        {
            var cp = buffer[read];
            var cls = tables.CombiningClass(cp);
            var composite = ComposePair(starter, cp, tables);
            if (composite >= 0 && (lastClass < cls || lastClass == 0))
            {
                buffer[starterPos] = composite;
                starter = composite;
                continue;
            }

            if (cls == 0)
            {
                starterPos = write;
                starter = cp;
            }

            lastClass = cls;
            buffer[write++] = cp;
        }

        buffer.RemoveRange(write, buffer.Count - write);
    }

    private static int ComposePair(int first, int second, NfkcTables tables)
    {
        var l = first - LBase;
        if (l is >= 0 and < LCount)
        {
            var v = second - VBase;
            return v is >= 0 and < VCount ? SBase + (((l * VCount) + v) * TCount) : -1;
        }

        var s = first - SBase;
        if (s is >= 0 and < SCount && s % TCount == 0)
        {
            var t = second - TBase;
            return t is > 0 and < TCount ? first + t : -1;
        }

        return tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out var composite) ? composite : -1;
    }

    /// <summary>Decomposition, combining-class and composition tables parsed from nfkc-data.txt.</summary>
    private sealed class NfkcTables
    {
        public Dictionary<int, int[]> Decompositions { get; } = new();

        public Dictionary<int, byte> CombiningClasses { get; } = new();

        public Dictionary<long, int> Compositions { get; } = new();

        public int CombiningClass(int cp) => cp < 0x300 ? 0 : CombiningClasses.GetValueOrDefault(cp);

        public static NfkcTables Load()
        {
            var tables = new NfkcTables();
            using var stream = typeof(NfkcNormalizer).Assembly.GetManifestResourceStream("CodeIndex.Embeddings.nfkc-data.txt")
                ?? throw new InvalidOperationException("Embedded resource CodeIndex.Embeddings.nfkc-data.txt is missing from the assembly.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var parts = line.Split(' ');
                var cp = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                switch (parts[0])
                {
                    case "D":
                        tables.Decompositions[cp] = parts.Skip(2).Select(p => int.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
                        break;
                    case "C":
                        tables.CombiningClasses[cp] = byte.Parse(parts[2], CultureInfo.InvariantCulture);
                        break;
                    case "P":
                        var second = int.Parse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        tables.Compositions[((long)cp << 21) | (uint)second] = int.Parse(parts[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        break;
                    default:
                        throw new InvalidOperationException($"Unexpected line in nfkc-data.txt: '{line}'.");
                }
            }

            return tables;
        }
    }
}
