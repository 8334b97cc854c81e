using System.Diagnostics;
using CodeIndex.Loading;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeIndex.Benchmarks.Indexing;

/// <summary>Runs the loader's own <c>dotnet restore</c> once, before any measured run (both measured kinds then skip restore).</summary>
internal static class Restore
{
    public static async Task<(TimeSpan Time, IReadOnlyList<LoadDiagnostic> Problems)> RunAsync(string inputPath, CancellationToken cancellationToken)
    {
        var input = InputResolver.Resolve(inputPath, cancellationToken);
        var diagnostics = new DiagnosticCollector();
        var runner = new RestoreRunner(NullLogger.Instance, diagnostics);
        var clock = Stopwatch.StartNew();
        foreach (var target in input.RestoreTargets)
        {
            await runner.RestoreAsync(target, cancellationToken).ConfigureAwait(false);
        }

        return (clock.Elapsed, diagnostics.ToList());
    }
}
