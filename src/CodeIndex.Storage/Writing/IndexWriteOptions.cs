namespace CodeIndex.Storage.Writing;

/// <summary>Options of one index write session.</summary>
/// <param name="NoWait">When another run holds the repository, fail with <c>index_in_progress</c> instead of waiting (default: wait).</param>
/// <param name="FlushRows">Pending rows that trigger a COPY into staging (default 20,000; at least 1).</param>
/// <param name="Documents">Replace only the rows of these documents (repository-relative paths, see <see cref="DocumentMergeSql"/>);
/// null (default) replaces the whole repository.</param>
public sealed record IndexWriteOptions(bool NoWait = false, int FlushRows = 20_000, IReadOnlyCollection<string>? Documents = null)
{
    public static IndexWriteOptions Default { get; } = new();

    internal void Validate()
    {
        if (FlushRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushRows), FlushRows, "FlushRows must be at least 1.");
        }

        if (Documents is { Count: 0 })
        {
            throw new ArgumentException("A document-scoped write needs at least one document; pass null to replace the whole repository.", nameof(Documents));
        }
    }
}
