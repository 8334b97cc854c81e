namespace CodeIndex.Chroma.Outbox;

/// <summary>What one drain did: batches, outbox rows completed or failed, documents upserted/deleted in Chroma, and the last error.</summary>
/// <param name="Batches">Batches of outbox rows processed.</param>
/// <param name="RowsCompleted">Outbox rows applied and removed.</param>
/// <param name="DocumentsUpserted">Documents sent to Chroma (current vector and text from PostgreSQL).</param>
/// <param name="DocumentsDeleted">Document ids deleted from Chroma (queued deletes and upserts whose symbol or vector is gone).</param>
/// <param name="RowsFailed">Outbox rows left queued with a later <c>next_attempt_at</c> and <c>last_error</c>.</param>
/// <param name="ChromaUnreachable">True when the drain stopped because Chroma could not be reached.</param>
/// <param name="LastError">Message of the last failure, if any.</param>
public sealed record DrainResult(int Batches, int RowsCompleted, int DocumentsUpserted, int DocumentsDeleted, int RowsFailed, bool ChromaUnreachable, string? LastError)
{
    /// <summary>Nothing done.</summary>
    public static DrainResult Empty { get; } = new(0, 0, 0, 0, 0, false, null);

    internal DrainResult Add(DrainResult batch) => new(
        Batches + batch.Batches,
        RowsCompleted + batch.RowsCompleted,
        DocumentsUpserted + batch.DocumentsUpserted,
        DocumentsDeleted + batch.DocumentsDeleted,
        RowsFailed + batch.RowsFailed,
        ChromaUnreachable || batch.ChromaUnreachable,
        batch.LastError ?? LastError);
}
