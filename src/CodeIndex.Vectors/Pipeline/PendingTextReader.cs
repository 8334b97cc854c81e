using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Vectors.Pipeline;

/// <summary>Producer: reads distinct pending texts of a repository in keyset pages, shortest first, and yields them in batches of similar token counts.</summary>
/// <remarks>Pages rather than one long reader, so no connection or snapshot is held while the consumer is busy. SQL orders by characters;
/// each page is re-sorted by <paramref name="tokenCount"/> before it is cut into batches, because a batch costs as much as its longest text
/// (measured: 64-text calls in character order were 10–15% slower than the same texts in token order).</remarks>
internal sealed class PendingTextReader(NpgsqlDataSource dataSource, long repositoryId, string modelId, int pageSize, int batchSize, Func<string, int> tokenCount)
{
    public async IAsyncEnumerable<IReadOnlyList<PendingText>> ReadBatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (afterLength, afterHash) = (-1, "");
        var batch = new List<PendingText>(batchSize);
        while (true)
        {
            var (page, lastLength) = await ReadPageAsync(afterLength, afterHash, cancellationToken).ConfigureAwait(false);
            foreach (var text in page.OrderBy(t => tokenCount(t.Text)).ThenBy(t => t.Hash, StringComparer.Ordinal))
            {
                batch.Add(text);
                if (batch.Count == batchSize)
                {
                    yield return batch;
                    batch = new List<PendingText>(batchSize);
                }
            }

            if (page.Count < pageSize)
            {
                break;
            }

            (afterLength, afterHash) = (lastLength, page[^1].Hash);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>One page and the SQL length (characters, not UTF-16 units) of its last text, the keyset for the next page.</summary>
    private async Task<(List<PendingText> Page, int LastLength)> ReadPageAsync(int afterLength, string afterHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PipelineCommands.Create(PipelineSql.PendingPage, connection, null, repositoryId, modelId);
        command.Parameters.Add(new NpgsqlParameter("len", NpgsqlDbType.Integer) { Value = afterLength });
        command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Text) { Value = afterHash });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = pageSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<PendingText>(Math.Min(pageSize, 4096));
        var lastLength = -1;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(new PendingText(reader.GetString(0), reader.GetString(1)));
            lastLength = reader.GetInt32(2);
        }

        return (page, lastLength);
    }
}
