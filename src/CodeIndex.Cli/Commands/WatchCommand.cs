using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeIndex.Cli.Pipeline;
using CodeIndex.Core.Errors;
using CodeIndex.Watch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Commands;

/// <summary><c>watch [path]</c>: keeps the repository's index exact as files change, on the generic host (see <see cref="WatchPipeline"/>).</summary>
internal static class WatchCommand
{
    private static readonly JsonSerializerOptions EventJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var path = new Argument<string>("path")
        {
            Description = "A .sln, .slnx, .csproj, or a folder (as for 'index').",
            DefaultValueFactory = _ => ".",
        };
        var framework = new Option<string?>("--framework", "-f") { Description = "Target framework to index for multi-targeted projects." };
        var noRestore = new Option<bool>("--no-restore") { Description = "Do not run 'dotnet restore' (at start and when a project file changes)." };
        var noEmbed = new Option<bool>("--no-embed") { Description = "Keep the symbol graph only; compute no embeddings." };
        var debounce = new Option<int>("--debounce") { Description = "Milliseconds without a new file event that close a batch (default 25).", DefaultValueFactory = _ => 25 };
        var reconcile = new Option<int>("--reconcile-interval") { Description = "Seconds between comparisons of the tree with the index, to catch lost events (default 300).", DefaultValueFactory = _ => 300 };
        var polling = new Option<bool>("--poll") { Description = "Poll the tree instead of using inotify." };
        var maxFileSize = new Option<long>("--max-file-size") { Description = "Skip source files larger than this many bytes (default 2 MiB).", DefaultValueFactory = _ => Loading.DocumentFilter.DefaultMaxFileBytes };
        var command = new Command("watch", "Index a repository, then keep its index exact as files change (Ctrl-C or SIGTERM stops it; --json prints one event per line).")
        {
            path, framework, noRestore, noEmbed, debounce, reconcile, polling, maxFileSize,
        };
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            var options = new WatchOptions
            {
                InputPath = Path.GetFullPath(parseResult.GetValue(path)!),
                Framework = parseResult.GetValue(framework),
                Restore = !parseResult.GetValue(noRestore),
                Debounce = TimeSpan.FromMilliseconds(parseResult.GetValue(debounce)),
                ReconcileInterval = TimeSpan.FromSeconds(parseResult.GetValue(reconcile)),
                ForcePolling = parseResult.GetValue(polling),
                MaxFileBytes = parseResult.GetValue(maxFileSize),
                Embed = !parseResult.GetValue(noEmbed),
            };
            options.Validate();
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            using var embedding = options.Embed ? await EmbeddingStep.StartAsync(db, context.ModelFolder, context.LoggerFactory, ct).ConfigureAwait(false) : null;
            await using var chroma = embedding is null ? null : ChromaMirror.Create(db, context);
            var follower = embedding is null ? null : new EmbeddingFollower(embedding, chroma);

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(context.Verbose ? LogLevel.Debug : context.JsonOutput || context.Quiet ? LogLevel.Warning : LogLevel.Information);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("CodeIndex.Storage", context.Verbose ? LogLevel.Debug : LogLevel.Warning);
            builder.Logging.AddFilter("CodeIndex.Vectors", context.Verbose ? LogLevel.Debug : LogLevel.Warning);
            builder.Logging.AddFilter("CodeIndex.Extraction", context.Verbose ? LogLevel.Debug : LogLevel.Warning);
            builder.Logging.AddFilter("CodeIndex.Loading", context.Verbose ? LogLevel.Debug : LogLevel.Warning);
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout carries only --json events
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(sp =>
            {
                var pipeline = new WatchPipeline(options, db.DataSource, sp.GetRequiredService<ILoggerFactory>(), follower);
                if (context.JsonOutput)
                {
                    pipeline.Event += Print;
                }

                return pipeline;
            });
            builder.Services.AddSingleton<WatchService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WatchService>());
            using var host = builder.Build();
            var service = host.Services.GetRequiredService<WatchService>();
            await host.RunAsync(ct).ConfigureAwait(false); // disposes the host's services when it returns
            if (service.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(WatchEvent e)
    {
        var line = new Dictionary<string, object?>(StringComparer.Ordinal) { ["event"] = e.Kind, ["time"] = e.Time };
        foreach (var (name, value) in e.Fields)
        {
            line[name] = value;
        }

        lock (EventJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(line, EventJson));
            Console.Out.Flush();
        }
    }
}
