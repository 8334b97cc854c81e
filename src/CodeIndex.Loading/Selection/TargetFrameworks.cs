using System.Text.RegularExpressions;

namespace CodeIndex.Loading;

/// <summary>Orders target framework monikers from oldest to newest: .NET Framework &lt; .NET Standard &lt; .NET Core &lt; .NET 5+.</summary>
internal static partial class TargetFrameworks
{
    /// <summary>A sortable key: (family, version); unknown monikers sort first.</summary>
    public static (int Family, Version Version) Key(string? tfm)
    {
        if (string.IsNullOrEmpty(tfm))
        {
            return (-1, new Version(0, 0));
        }

        var moniker = tfm.Split('-')[0].ToLowerInvariant();
        var match = Moniker().Match(moniker);
        if (!match.Success)
        {
            return (-1, new Version(0, 0));
        }

        var name = match.Groups["name"].Value;
        var digits = match.Groups["version"].Value;
        var version = digits.Contains('.')
            ? Version.Parse(digits)
            : new Version(digits[0] - '0', digits.Length > 1 ? digits[1] - '0' : 0);
        var family = name switch
        {
            "netstandard" => 1,
            "netcoreapp" => 2,
            "net" when version.Major >= 5 => 3,
            _ => 0, // net4x, net35, …
        };
        return (family, version);
    }

    public static int Compare(string? left, string? right)
    {
        var l = Key(left);
        var r = Key(right);
        return l.Family != r.Family ? l.Family.CompareTo(r.Family) : l.Version.CompareTo(r.Version);
    }

    /// <summary>True when <c>net8.0-windows</c> is requested as <c>net8.0</c> or spelled the same.</summary>
    public static bool Matches(string? tfm, string requested) =>
        tfm is not null && (tfm.Equals(requested, StringComparison.OrdinalIgnoreCase)
            || tfm.Split('-')[0].Equals(requested, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^(?<name>netstandard|netcoreapp|net)(?<version>\d+(\.\d+)*)$")]
    private static partial Regex Moniker();
}
