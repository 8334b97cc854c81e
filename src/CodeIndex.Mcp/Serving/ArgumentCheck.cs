using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace CodeIndex.Mcp.Serving;

/// <summary>
/// Checks a call's arguments against the tool's input schema before the tool runs, so a wrong type, an unknown name or a
/// missing argument gets an answer that names the argument and what it takes — the SDK's own binding failure only says
/// "An error occurred invoking" the tool. Covers the schema shapes our tools use (type or type lists of string, integer,
/// number, boolean, array, null; required).
/// </summary>
internal static class ArgumentCheck
{
    public static string? Problem(Tool tool, IDictionary<string, JsonElement>? arguments)
    {
        var schema = tool.InputSchema;
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var names = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(x => x.Name).ToList() : [];
        arguments ??= new Dictionary<string, JsonElement>();
        foreach (var (name, value) in arguments)
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                return $"{tool.Name} has no argument '{name}'. Its arguments: {string.Join(", ", names)}.";
            }

            var types = Types(properties.GetProperty(name));
            if (types.Count > 0 && !types.Any(t => Fits(t, value)))
            {
                return $"Argument '{name}' of {tool.Name} must be {string.Join(" or ", types.Where(t => t != "null"))}{(types.Contains("null") ? " (or omitted)" : "")}; got {Describe(value)}.";
            }
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!arguments.ContainsKey(name))
                {
                    return $"{tool.Name} needs the argument '{name}'.";
                }
            }
        }

        return null;
    }

    private static List<string> Types(JsonElement property) =>
        !property.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [];

    private static bool Fits(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{(value.GetString()!.Length > 40 ? value.GetString()![..40] + "…" : value.GetString())}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
