using CodeIndex.Loading.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeIndex.Loading.Tests;

[Collection(MSBuildCollection.Name)]
public sealed class RestoreAndCancellationTests
{
    [Fact]
    public async Task RestoreAsync_MalformedProject_AddsWarningInsteadOfThrowing()
    {
        using var temp = new TempDirectory();
        var project = Path.Combine(temp.Path, "Bad.csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        var diagnostics = new DiagnosticCollector();

        await new RestoreRunner(NullLogger.Instance, diagnostics).RestoreAsync(project, CancellationToken.None);

        var warning = Assert.Single(diagnostics.ToList());
        Assert.Equal(LoadDiagnostic.Warning, warning.Severity);
        Assert.StartsWith("dotnet restore failed (exit code 1)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(project, warning.Example);
    }

    [Fact]
    public async Task RestoreAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var temp = new TempDirectory();
        var folder = Fixtures.CopyToTemp(temp, "CompileError");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var diagnostics = new DiagnosticCollector();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new RestoreRunner(NullLogger.Instance, diagnostics).RestoreAsync(Path.Combine(folder, "CompileError.csproj"), cts.Token));
        Assert.Empty(diagnostics.ToList());
    }

    [Fact]
    public async Task LoadAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var temp = new TempDirectory();
        var folder = Fixtures.CopyToTemp(temp, "Basic");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new WorkspaceLoader().LoadAsync(new LoadOptions(folder), cancellationToken: cts.Token));
    }
}
