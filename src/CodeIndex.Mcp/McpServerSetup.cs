using System.Reflection;
using CodeIndex.Embeddings;
using CodeIndex.Mcp.Serving;
using CodeIndex.Mcp.Tools;
using CodeIndex.Mcp.Watching;
using CodeIndex.Watch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CodeIndex.Mcp;

/// <summary>Registers the CodeIndex MCP server (stdio transport, the tools, and with <c>--watch</c> the served watch) on a host's services.</summary>
public static class McpServerSetup
{
    /// <param name="connectionString">From <c>--db</c> / <c>CODEINDEX_DB</c>; null for the embedded database.</param>
    /// <param name="loadEmbedder">Loads the query embedder (in the background from start); null for lexical search only.</param>
    /// <param name="createPipeline">With <see cref="McpServerSettings.Watch"/>: makes a watch pipeline for the scoped repository.</param>
    public static IServiceCollection AddCodeIndexMcp(this IServiceCollection services, McpServerSettings settings, string? connectionString,
        Func<ITextEmbedder>? loadEmbedder, Func<IServiceProvider, WatchPipeline>? createPipeline)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        services.AddSingleton(settings);
        services.AddSingleton(sp => new ReadDatabase(connectionString, settings, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(_ => new QueryEmbedder(loadEmbedder));
        if (settings.Watch)
        {
            ArgumentNullException.ThrowIfNull(createPipeline);
            services.AddSingleton(sp => new ServedWatch(() => createPipeline(sp), settings, sp.GetRequiredService<ILogger<ServedWatch>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ServedWatch>());
            services.AddSingleton(sp => new RepositoryScope(settings, sp.GetRequiredService<ServedWatch>()));
            services.AddTransient(sp => new SearchTools(sp.GetRequiredService<ToolRunner>(), sp.GetRequiredService<QueryEmbedder>(), sp.GetRequiredService<RepositoryScope>(), sp.GetRequiredService<ServedWatch>()));
        }
        else
        {
            services.AddSingleton(_ => new RepositoryScope(settings));
            services.AddTransient(sp => new SearchTools(sp.GetRequiredService<ToolRunner>(), sp.GetRequiredService<QueryEmbedder>(), sp.GetRequiredService<RepositoryScope>()));
        }

        services.AddSingleton<ToolRunner>();
        services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation
                {
                    Name = "codeindex",
                    Title = "CodeIndex: the symbol graph of C# repositories",
                    Version = typeof(McpServerSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
                };
                o.ServerInstructions = Instructions;
            })
            .WithStdioServerTransport()
            .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, cancellationToken) =>
                context.MatchedPrimitive is McpServerTool tool && ArgumentCheck.Problem(tool.ProtocolTool, context.Params?.Arguments) is { } problem
                    ? ToolRunner.ErrorResult("invalid_argument", problem)
                    : await next(context, cancellationToken).ConfigureAwait(false)))
            .WithTools<SearchTools>()
            .WithTools<SymbolTools>()
            .WithTools<GraphTools>();
        return services;
    }

    private const string Instructions = """
        CodeIndex answers questions about C# code from a Roslyn-built index of every symbol and every relationship between
        symbols (calls, inheritance, overrides, implementations, uses of types and members, with each use's site and access).
        Start with search (words or a question) or symbols_at (a file and line) to get handles; pass a handle to get_symbol,
        callers, callees, hierarchy, impact, references or call_path. Graph tools are transitive: one call with depth 3-5
        replaces many one-level lookups. Every answer has an 'index' object: with a watch running, filesPending 0 and
        upToDate true mean your last saved edit is in the answer. Cut answers carry next.cursor for the next page.
        """;
}
