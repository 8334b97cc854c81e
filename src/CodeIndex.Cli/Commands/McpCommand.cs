using System.CommandLine;
using CodeIndex.Cli.Pipeline;
using CodeIndex.Core.Errors;
using CodeIndex.Embeddings;
using CodeIndex.Mcp;
using CodeIndex.Watch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Commands;

/// <summary><c>mcp [path]</c>: the Model Context Protocol server over stdio (see <see cref="McpServerSetup"/>); stdout carries only the protocol.</summary>
internal static class McpCommand
{
    public static Command Build()
    {
        var path = new Argument<string?>("path")
        {
            Description = "The repository to answer for (its folder, .sln, .slnx or .csproj). Omit to serve every indexed repository (tools then take 'repo').",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var watch = new Option<bool>("--watch") { Description = "Keep the repository's index live in this process (as 'codeindex watch'); with a watch daemon already running, serve from its index." };
        var noEmbed = new Option<bool>("--no-embed") { Description = "No embedding model: search is lexical, and --watch computes no embeddings." };
        var framework = new Option<string?>("--framework", "-f") { Description = "With --watch: target framework to index for multi-targeted projects." };
        var noRestore = new Option<bool>("--no-restore") { Description = "With --watch: do not run 'dotnet restore'." };
        var timeout = new Option<int>("--statement-timeout") { Description = "Milliseconds any one statement of a tool may run (default 5000).", DefaultValueFactory = _ => 5000 };
        var command = new Command("mcp", "Serve the symbol graph to AI agents over the Model Context Protocol (stdio): search, get_symbol, callers, callees, hierarchy, impact, call_path, symbols_at, references, index_status.")
        {
            path, watch, noEmbed, framework, noRestore, timeout,
        };
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var scope = parseResult.GetValue(path) is { } p ? Path.GetFullPath(p) : null;
            var settings = new McpServerSettings
            {
                ScopePath = scope,
                Watch = parseResult.GetValue(watch),
                StatementTimeout = TimeSpan.FromMilliseconds(parseResult.GetValue(timeout)),
            };
            settings.Validate();
            var embed = !parseResult.GetValue(noEmbed);
            WatchOptions? watchOptions = null;
            if (settings.Watch)
            {
                watchOptions = new WatchOptions
                {
                    InputPath = scope!,
                    Framework = parseResult.GetValue(framework),
                    Restore = !parseResult.GetValue(noRestore),
                    Embed = embed,
                };
                watchOptions.Validate();
            }

            // Located before the host starts: a missing model is a usage error now, not a notice on every search.
            var modelFolder = embed ? EmbeddingModelLocator.Locate(context.ModelFolder) : null;
            await using var db = settings.Watch ? await Database.OpenAsync(context, ct).ConfigureAwait(false) : null;
            using var embedding = settings.Watch && embed ? await EmbeddingStep.StartAsync(db!, context.ModelFolder, context.LoggerFactory, ct).ConfigureAwait(false) : null;
            await using var chroma = embedding is null ? null : ChromaMirror.Create(db!, context);
            var follower = embedding is null ? null : new EmbeddingFollower(embedding, chroma);

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(context.Verbose ? LogLevel.Debug : context.Quiet ? LogLevel.Error : LogLevel.Information);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("ModelContextProtocol", context.Verbose ? LogLevel.Information : LogLevel.Warning);
            foreach (var stage in new[] { "CodeIndex.Storage", "CodeIndex.Vectors", "CodeIndex.Extraction", "CodeIndex.Loading", "Npgsql" })
            {
                builder.Logging.AddFilter(stage, context.Verbose ? LogLevel.Debug : LogLevel.Warning);
            }

            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout carries only the protocol
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
            builder.Services.AddCodeIndexMcp(settings, context.ConnectionString,
                modelFolder is null ? null : () => OnnxTextEmbedder.Load(modelFolder, OnnxEmbedderOptions.ForQueries),
                watchOptions is null ? null : sp => new WatchPipeline(watchOptions, db!.DataSource, sp.GetRequiredService<ILoggerFactory>(), follower));
            using var host = builder.Build();
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
