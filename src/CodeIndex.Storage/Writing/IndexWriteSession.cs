using System.Diagnostics;
using CodeIndex.Core.Errors;
using CodeIndex.Core.Model;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Storage.Writing;

/// <summary>One index run on one repository: holds its advisory lock and transaction, streams batches into staging by COPY, and swaps the index in at commit (dispose without commit = rollback).</summary>
public sealed partial class IndexWriteSession : IAsyncDisposable
{
    /// <summary>High 32 bits of the advisory lock key per repository ("CIDX").</summary>
    private const long LockNamespace = 0x43494458L << 32;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly IndexWriteOptions _options;
    private readonly ILogger _logger;
    private readonly List<SymbolRecord> _pendingSymbols = [];
    private readonly List<RelationshipRecord> _pendingEdges = [];
    private readonly Dictionary<string, IndexedFile> _files = new(StringComparer.Ordinal);
    private readonly Stopwatch _copyTime = new();
    private readonly HashSet<string>? _scope;
    private IReadOnlyList<IndexedProject>? _projects;
    private long _nextSeq;
    private long _copiedRows;
    private State _state = State.Open;

    private IndexWriteSession(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId, IndexWriteOptions options, ILogger logger)
    {
        _connection = connection;
        _transaction = transaction;
        RepositoryId = repositoryId;
        _options = options;
        _scope = options.Documents is null ? null : new HashSet<string>(options.Documents, StringComparer.Ordinal);
        _logger = logger;
    }

    private enum State { Open, Failed, Committed, Disposed }

    public long RepositoryId { get; }

    /// <summary>Time of each merge statement of the last commit (first line of the statement, elapsed), for measurements.</summary>
    internal List<(string Step, TimeSpan Time)> StepTimes { get; } = [];

    internal static async Task<IndexWriteSession> StartAsync(NpgsqlConnection connection, long repositoryId, IndexWriteOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var key = LockNamespace ^ repositoryId;
        if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", key, cancellationToken).ConfigureAwait(false))
        {
            if (options.NoWait)
            {
                throw new OperationFailedException("index_in_progress",
                    $"Repository {repositoryId} is being indexed by another run. To fix this, wait for that run to finish, or run without --no-wait to wait for it.");
            }

            IndexWriterLog.Waiting(logger, repositoryId);
            await ScalarAsync<object>(connection, "SELECT pg_advisory_lock(@key)", key, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var setup = new NpgsqlCommand("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '256MB'; " + StagingCopier.CreateStagingSql, connection, tx))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new IndexWriteSession(connection, tx, repositoryId, options, logger);
        }
        catch
        {
            await UnlockAsync(connection, repositoryId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds one extraction batch; rows are COPYed into staging whenever <see cref="IndexWriteOptions.FlushRows"/> are pending.</summary>
    public async Task WriteAsync(ExtractionBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        EnsureOpen();
        Validate(batch);
        _pendingSymbols.AddRange(batch.Symbols);
        _pendingEdges.AddRange(batch.Relationships);
        if (batch.File is { } file)
        {
            _files[file.FilePath] = file;
        }
        if (_pendingSymbols.Count + _pendingEdges.Count >= _options.FlushRows)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The projects this run indexed, written to <c>indexed_projects</c> at commit: all of them for a whole-repository
    /// write, those given for a document-scoped one (rows of other projects stay). Not calling it leaves the table as it is.</summary>
    public void SetProjects(IReadOnlyList<IndexedProject> projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        EnsureOpen();
        _projects = projects;
    }

    /// <summary>Writes the tree state collected from the batches (and <see cref="SetProjects"/>) inside the transaction.</summary>
    private async Task WriteTreeStateAsync(CancellationToken cancellationToken)
    {
        await TreeStateWriter.WriteFilesAsync(_connection, RepositoryId, _files.Values, _options.Documents, cancellationToken).ConfigureAwait(false);
        if (_projects is not null)
        {
            await TreeStateWriter.WriteProjectsAsync(_connection, RepositoryId, _projects, replaceAll: _options.Documents is null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingSymbols.Count == 0 && _pendingEdges.Count == 0)
        {
            return;
        }

        _copyTime.Start();
        try
        {
            _copiedRows += await StagingCopier.CopySymbolsAsync(_connection, _pendingSymbols, _nextSeq, cancellationToken).ConfigureAwait(false);
            _nextSeq += _pendingSymbols.Count;
            _copiedRows += await StagingCopier.CopyEdgesAsync(_connection, _pendingEdges, cancellationToken).ConfigureAwait(false);
            _pendingSymbols.Clear();
            _pendingEdges.Clear();
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
        finally
        {
            _copyTime.Stop();
        }
    }

    private void EnsureOpen()
    {
        if (_state != State.Open)
        {
            throw new InvalidOperationException($"The index write session for repository {RepositoryId} is {_state}; expected Open. Start a new session with SymbolWriter.BeginAsync.");
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = key });
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task UnlockAsync(NpgsqlConnection connection, long repositoryId)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(@key)", LockNamespace ^ repositoryId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // A broken connection releases its session locks when it closes.
        }
    }
}
