using CodeIndex.Chroma.Client;
using CodeIndex.Chroma.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeIndex.Cli.Pipeline;

/// <summary>Feeds ChromaDB (secondary) from the durable outbox while an index run embeds; never fails or holds up indexing.</summary>
internal sealed class ChromaMirror : IAsyncDisposable
{
    /// <summary>How long a one-shot index waits for the outbox to drain after embedding before it reports what is left.</summary>
    public static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    private readonly Database _database;
    private readonly ChromaClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private ChromaMirror(Database database, ChromaOptions options, ILoggerFactory loggerFactory)
    {
        _database = database;
        Options = options;
        _client = ChromaClient.Create(options);
        Drainer = new ChromaOutboxDrainer(database.DataSource, _client, timeProvider: TimeProvider.System, logger: loggerFactory.CreateLogger<ChromaOutboxDrainer>());
    }

    public ChromaOptions Options { get; }
    public ChromaOutboxDrainer Drainer { get; }
    public ChromaClient Client => _client;

    /// <summary>null when no Chroma URL is configured (<c>--chroma</c> / <c>CODEINDEX_CHROMA</c>).</summary>
    public static ChromaMirror? Create(Database database, CliContext context) =>
        ChromaOptions.FromEnvironment(context.ChromaUrl) is { } options
            ? new ChromaMirror(database, ForDatabase(options, database), context.LoggerFactory)
            : null;

    /// <summary>Like <see cref="Create"/> but exit 2 with instructions when Chroma is not configured (for <c>chroma sync|verify</c>).</summary>
    public static ChromaMirror Require(Database database, CliContext context) =>
        new(database, ForDatabase(ChromaOptions.Require(context.ChromaUrl), database), context.LoggerFactory);

    /// <summary>Marks the repository as mirrored; the first time, queues every existing vector so Chroma catches up.</summary>
    public async Task EnableAsync(long repositoryId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var enable = new NpgsqlCommand("UPDATE repositories SET chroma_enabled = true WHERE id = $1 AND NOT chroma_enabled", connection, tx);
        enable.Parameters.AddWithValue(repositoryId);
        if (await enable.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            await using var backfill = new NpgsqlCommand(
                """
                INSERT INTO chroma_outbox (repository_id, model_id, operation, document_id, symbol_id)
                SELECT repository_id, model_id, 'upsert', document_id, symbol_id FROM symbol_embeddings
                WHERE repository_id = $1 AND embedding IS NOT NULL
                """, connection, tx);
            backfill.Parameters.AddWithValue(repositoryId);
            await backfill.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the background drain loop (it never throws; Chroma down = rows wait with backoff).</summary>
    public void StartBackground() => _loop ??= Drainer.RunAsync(_stop.Token);

    /// <summary>Gives the outbox a short grace to drain, stops the loop, and returns how many documents still wait.</summary>
    public async Task<long> FinishAsync(long repositoryId, CancellationToken cancellationToken)
    {
        Drainer.Notify();
        var deadline = DateTime.UtcNow + DrainGrace;
        long pending;
        while ((pending = await Drainer.PendingAsync(repositoryId, cancellationToken).ConfigureAwait(false)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        await StopAsync().ConfigureAwait(false);
        return pending;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (_loop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _loop = null;
    }

    /// <summary>Repository ids restart in every PostgreSQL database, so each database gets its own Chroma database (named after it).</summary>
    private static ChromaOptions ForDatabase(ChromaOptions options, Database database)
    {
        if (options.Database != ChromaOptions.DefaultDatabase)
        {
            return options;
        }

        var name = new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).Database ?? "codeindex";
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        return options with { Database = "codeindex_" + safe };
    }
}
