using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CodeIndex.Storage.Writing;

/// <summary>Starts index write sessions: one transaction per run, COPY into staging, merge at commit.</summary>
public sealed class SymbolWriter(NpgsqlDataSource dataSource, ILogger<SymbolWriter>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Takes the repository's index lock (waiting, or failing with <c>index_in_progress</c> when <see cref="IndexWriteOptions.NoWait"/>), opens the transaction and staging tables.</summary>
    public async Task<IndexWriteSession> BeginAsync(long repositoryId, IndexWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= IndexWriteOptions.Default;
        options.Validate();
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await IndexWriteSession.StartAsync(connection, repositoryId, options, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
