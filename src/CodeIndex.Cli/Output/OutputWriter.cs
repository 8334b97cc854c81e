using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeIndex.Cli.Output;

/// <summary>Writes results either as one JSON object (<c>--json</c>) or as human-readable text; notices go to stderr.</summary>
internal sealed class OutputWriter(bool json, bool quiet)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<string> _notices = [];

    public bool Json => json;
    public bool Quiet => quiet;

    /// <summary>A warning or notice for the user: stderr in text mode, the <c>notices</c> array in JSON mode.</summary>
    public void Notice(string message)
    {
        _notices.Add(message);
        if (!json && !quiet)
        {
            Console.Error.WriteLine(message);
        }
    }

    /// <summary>Informational line for humans (suppressed by --quiet and --json).</summary>
    public void Info(string message)
    {
        if (!json && !quiet)
        {
            Console.Error.WriteLine(message);
        }
    }

    /// <summary>Writes the JSON document <c>{ results, notices, ...extra }</c>.</summary>
    public void WriteJson(object results, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var doc = new Dictionary<string, object?> { ["results"] = results };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                doc[key] = value;
            }
        }

        doc["notices"] = _notices;
        Console.Out.WriteLine(JsonSerializer.Serialize(doc, JsonOptions));
    }

    public void WriteError(string code, string message)
    {
        if (json)
        {
            var doc = new Dictionary<string, object?>
            {
                ["results"] = Array.Empty<object>(),
                ["error"] = new { code, message },
                ["notices"] = _notices,
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(doc, JsonOptions));
        }
        else
        {
            Console.Error.WriteLine($"error: {message}");
        }
    }

    public static string Serialize(object value) => JsonSerializer.Serialize(value, JsonOptions);
}
