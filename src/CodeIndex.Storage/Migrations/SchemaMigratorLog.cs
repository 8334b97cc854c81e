using Microsoft.Extensions.Logging;

namespace CodeIndex.Storage.Migrations;

/// <summary>Log messages of schema migration.</summary>
internal static partial class SchemaMigratorLog
{
    [LoggerMessage(1101, LogLevel.Information, "Applying migration {Version} {Name}")]
    public static partial void Applying(ILogger logger, int version, string name);

    [LoggerMessage(1102, LogLevel.Warning, "Migration {Version} {Name} changed since it was applied (checksum {Applied} → {Current}); it is not re-run")]
    public static partial void ChecksumChanged(ILogger logger, int version, string name, string applied, string current);
}
