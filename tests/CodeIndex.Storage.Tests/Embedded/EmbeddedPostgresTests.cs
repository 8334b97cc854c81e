using CodeIndex.Storage.Embedded;
using Npgsql;

namespace CodeIndex.Storage.Tests.Embedded;

/// <summary>A second throwaway cluster: idempotent start, status when running and stopped, restart.</summary>
public sealed class EmbeddedPostgresTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine("/tmp", $"codeindex-test-{Environment.ProcessId}-e{Guid.NewGuid():N}"[..40]);
    private EmbeddedPostgres _cluster = null!;

    public Task InitializeAsync()
    {
        _cluster = EmbeddedPostgres.Throwaway(_dir, EmbeddedPostgres.FindFreePort());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task EnsureStartedAsync_CalledConcurrentlyAndAgain_StartsOnceAndConnects()
    {
        var before = await _cluster.GetStatusAsync();
        Assert.False(before.Initialized);
        Assert.False(before.Running);

        var started = await Task.WhenAll(_cluster.EnsureStartedAsync(), _cluster.EnsureStartedAsync());
        var status = await _cluster.GetStatusAsync();
        var again = await _cluster.EnsureStartedAsync();

        Assert.Equal(started[0], started[1]);
        Assert.Equal(started[0], again);
        Assert.True(status.Running);
        Assert.Equal(status.ProcessId, (await _cluster.GetStatusAsync()).ProcessId);
        await using var connection = new NpgsqlConnection(again);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_database() || ' ' || (SELECT extversion FROM pg_extension WHERE extname = 'vector')", connection);
        Assert.Equal("codeindex 0.8.0", await cmd.ExecuteScalarAsync());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "superuser.password")));
        }
    }

    [Fact]
    public async Task GetStatusAsync_AfterStop_InitializedButNotRunningThenRestarts()
    {
        await _cluster.EnsureStartedAsync();
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync();
        var stopped = await _cluster.GetStatusAsync();
        await _cluster.StopAsync();

        Assert.True(stopped.Initialized);
        Assert.False(stopped.Running);
        Assert.Null(stopped.ProcessId);
        Assert.NotNull(stopped.Port);

        var connectionString = await _cluster.EnsureStartedAsync();
        Assert.True((await _cluster.GetStatusAsync()).Running);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
    }

    [Fact]
    public async Task EnsureStartedAsync_SharedBuffersFollowsMachineMemory_AlsoForAnOlderSettingsFile()
    {
        await _cluster.EnsureStartedAsync();
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync();
        var settings = Directory.GetFiles(_dir, "codeindex.conf", SearchOption.AllDirectories).Single();
        File.WriteAllLines(settings, File.ReadAllLines(settings).Where(l => !l.StartsWith("shared_buffers", StringComparison.Ordinal))); // as written before this setting existed

        var connectionString = await _cluster.EnsureStartedAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'", connection);

        Assert.Equal(EmbeddedPostgres.SharedBuffersMegabytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes), (long)(await cmd.ExecuteScalarAsync())!);
    }
}

/// <summary>The shared_buffers rule on its own (no cluster).</summary>
public sealed class SharedBuffersTests
{
    [Theory]
    [InlineData(1L << 30, 128)] // 1 GB machine: PostgreSQL's default
    [InlineData(4L << 30, 256)]
    [InlineData(24L << 30, 1024)] // capped at 1 GB
    [InlineData(0L, 128)]
    public void SharedBuffersMegabytes_SixteenthOfMemoryWithinBounds(long memory, long expected) =>
        Assert.Equal(expected, EmbeddedPostgres.SharedBuffersMegabytes(memory));
}
