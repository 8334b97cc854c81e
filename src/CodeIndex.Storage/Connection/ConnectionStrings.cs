using System.Globalization;
using CodeIndex.Core.Errors;
using Npgsql;

namespace CodeIndex.Storage.Connection;

/// <summary>Turns <c>postgres://</c> URIs into Npgsql connection strings and describes a connection without its password.</summary>
public static class ConnectionStrings
{
    /// <summary>Accepts an Npgsql connection string or a <c>postgres[ql]://user:pass@host:port/db?sslmode=…</c> URI; returns an Npgsql connection string.</summary>
    public static string Normalize(string connectionStringOrUri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrUri);
        var text = connectionStringOrUri.Trim();
        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new UserInputException("invalid_connection_string",
                    $"The database connection string is not valid: {e.Message} To fix this, pass \"Host=…;Port=…;Username=…;Database=…\" or postgres://user@host:port/db.", e);
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new UserInputException("invalid_connection_string", "The database URI is not valid. To fix this, use postgres://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = string.IsNullOrEmpty(uri.Host) ? "localhost" : uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };
        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            Apply(builder, key, value);
        }

        return builder.ConnectionString;
    }

    /// <summary>"user@host:port/database" for messages: never contains the password.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var user = string.IsNullOrEmpty(b.Username) ? string.Empty : b.Username + "@";
        return string.Create(CultureInfo.InvariantCulture, $"{user}{b.Host}:{b.Port}/{b.Database}");
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new UserInputException("invalid_connection_string", $"Unknown sslmode '{value}' in the database URI. To fix this, use disable, allow, prefer, require, verify-ca or verify-full."),
                };
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder.Timeout = ParseInt(key, value);
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = ParseInt(key, value);
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "options":
                builder.Options = value;
                break;
            default:
                throw new UserInputException("invalid_connection_string",
                    $"Unsupported parameter '{key}' in the database URI. To fix this, remove it or use an Npgsql connection string (Host=…;Port=…;…).");
        }
    }

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UserInputException("invalid_connection_string", $"Parameter '{key}' in the database URI must be a number, not '{value}'.");
}
