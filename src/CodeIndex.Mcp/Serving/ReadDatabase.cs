using CodeIndex.Storage.Connection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CodeIndex.Mcp.Serving;

/// <summary>
/// The server's database, opened on first use and again after a failed open: a server an editor starts before the database is
/// up answers each call with the database error and serves once it is back, instead of failing to start.
/// </summary>
/// <remarks>
/// The first open applies migrations through a writable source (then closed); tools only ever get the read-only source of
/// <see cref="DatabaseConnector.OpenReadOnlyAsync"/>. After that, a database that goes away fails the calls in between
/// (Npgsql reconnects by itself): the server stays up.
/// </remarks>
public sealed class ReadDatabase(string? connectionString, McpServerSettings settings, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlDataSource? _source;

    /// <summary>The read-only data source (each session read-only with a statement timeout).</summary>
    public async ValueTask<NpgsqlDataSource> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _source) is { } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_source is null)
            {
                await using (await DatabaseConnector.OpenAsync(connectionString, loggerFactory, cancellationToken).ConfigureAwait(false))
                {
                    // migrations applied
                }

                Volatile.Write(ref _source, await DatabaseConnector.OpenReadOnlyAsync(connectionString, settings.StatementTimeout, "codeindex-mcp", loggerFactory, cancellationToken).ConfigureAwait(false));
            }

            return _source!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
