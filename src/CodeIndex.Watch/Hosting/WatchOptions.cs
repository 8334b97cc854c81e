using CodeIndex.Core.Errors;
using CodeIndex.Loading;

namespace CodeIndex.Watch.Hosting;

/// <summary>What <c>codeindex watch</c> runs on and how; validated before any work starts (<see cref="Validate"/>).</summary>
public sealed record WatchOptions
{
    /// <summary>A .sln, .slnx, .csproj or a folder, as for <c>index</c>.</summary>
    public required string InputPath { get; init; }

    /// <summary>Target framework to prefer for multi-targeted projects (null = newest that compiles best).</summary>
    public string? Framework { get; init; }

    /// <summary>Run <c>dotnet restore</c> before loading (at start and when a project file changes).</summary>
    public bool Restore { get; init; } = true;

    /// <summary>A batch closes after this long without a new event (default 25 ms).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>A batch closes at the latest this long after its first event (default 1 s).</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the tree is compared with the index to catch lost events (default 5 minutes).</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Scan interval when inotify cannot be used (default 2 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Poll instead of using inotify.</summary>
    public bool ForcePolling { get; init; }

    /// <summary>Source files larger than this are skipped with a warning, as by <c>index</c> (default 2 MiB).</summary>
    public long MaxFileBytes { get; init; } = DocumentFilter.DefaultMaxFileBytes;

    /// <summary>Compute embeddings after each batch (when an embedding follower is registered).</summary>
    public bool Embed { get; init; } = true;

    /// <summary>Throws <see cref="UserInputException"/> (exit 2) for an input that does not exist or out-of-range timings.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputPath) || (!File.Exists(InputPath) && !Directory.Exists(InputPath)))
        {
            throw new UserInputException("path_not_found", $"'{InputPath}' does not exist. To fix this, pass a .sln, .slnx, .csproj or a folder that contains C# code.");
        }

        Check(Debounce, TimeSpan.Zero, TimeSpan.FromSeconds(10), "--debounce");
        Check(MaxBatchDelay, Debounce, TimeSpan.FromMinutes(1), "the maximum batch delay");
        Check(ReconcileInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "--reconcile-interval");
        Check(PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "--poll-interval");
        if (MaxFileBytes < 1)
        {
            throw new UserInputException("invalid_option", $"--max-file-size must be at least 1 byte (got {MaxFileBytes}).");
        }
    }

    private static void Check(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new UserInputException("invalid_option", $"{name} must be between {min.TotalMilliseconds:0} ms and {max.TotalMilliseconds:0} ms (got {value.TotalMilliseconds:0} ms).");
        }
    }
}
