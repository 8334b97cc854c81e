using System.CommandLine;
using CodeIndex.Cli.Output;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli;

/// <summary>What a command needs from the parsed global options: output writer, loggers, database address.</summary>
internal sealed class CliContext : IDisposable
{
    private CliContext(ParseResult parseResult)
    {
        Ci = parseResult.GetValue(GlobalOptions.Ci);
        JsonOutput = parseResult.GetValue(GlobalOptions.Json) || Ci;
        Verbose = parseResult.GetValue(GlobalOptions.Verbose);
        Quiet = parseResult.GetValue(GlobalOptions.Quiet);
        ConnectionString = parseResult.GetValue(GlobalOptions.Db) ?? NullIfEmpty(Environment.GetEnvironmentVariable("CODEINDEX_DB"));
        ChromaUrl = parseResult.GetValue(GlobalOptions.Chroma);
        ModelFolder = parseResult.GetValue(GlobalOptions.Model) ?? NullIfEmpty(Environment.GetEnvironmentVariable("CODEINDEX_MODEL"));
        Output = new OutputWriter(JsonOutput, Quiet);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(Verbose ? LogLevel.Debug : Quiet || JsonOutput ? LogLevel.Error : LogLevel.Warning);
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = null;
            });
            builder.AddFilter("Microsoft", Verbose ? LogLevel.Information : LogLevel.Warning);
            // Console logs go to stderr so stdout stays parseable.
            builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
    }

    public bool JsonOutput { get; }

    /// <summary><c>--ci</c>: JSON output and failing on problems (see <see cref="GlobalOptions.Ci"/>).</summary>
    public bool Ci { get; }
    public bool Verbose { get; }
    public bool Quiet { get; }

    /// <summary>From <c>--db</c>, else <c>CODEINDEX_DB</c>; null means the embedded default database.</summary>
    public string? ConnectionString { get; }

    /// <summary>From <c>--chroma</c> (null: <c>CODEINDEX_CHROMA</c> or not configured; see ChromaOptions.FromEnvironment).</summary>
    public string? ChromaUrl { get; }

    /// <summary>From <c>--model</c>, else <c>CODEINDEX_MODEL</c>; null means the default model shipped with the tool.</summary>
    public string? ModelFolder { get; }

    public OutputWriter Output { get; }
    public ILoggerFactory LoggerFactory { get; }

    public static CliContext From(ParseResult parseResult) => new(parseResult);

    public void Dispose() => LoggerFactory.Dispose();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
