using CodeIndex.Core.Model;
using CodeIndex.Extraction.Tests.Support;
using Xunit.Abstractions;

namespace CodeIndex.Extraction.Tests.Oracle;

/// <summary>
/// The extractor against <see cref="OperationOracle"/> on the fixture sources: precision and recall per relationship type and
/// access of (source, target, type, access) facts, printed, and required to be exact where the oracle can see the fact.
/// </summary>
public sealed class OracleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Extractor_MatchesTheOperationOracle_OnEveryFixture()
    {
        var targets = SampleWorkspace.SampleTargets().Concat(SampleWorkspace.UsesTargets()).Where(t => t.Project.Name != "Broken").ToList();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            expected.UnionWith(OperationOracle.Expected((await target.Project.GetCompilationAsync())!));
        }

        var extracted = await ExtractionResult.RunAsync(targets);
        var actual = new HashSet<string>(StringComparer.Ordinal);
        var implicitOnly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in extracted.Relationships
                     .Where(r => r.Type is RelationshipTypes.Calls or RelationshipTypes.Uses && r.Access is not (SiteAccess.NameOf or SiteAccess.Doc))
                     .GroupBy(r => $"{r.Source.SymbolKey} -> {r.Target.SymbolKey} {r.Type} {r.Access}"))
        {
            (group.All(r => r.IsImplicit) ? implicitOnly : actual).Add(group.Key);
        }

        var report = OracleReport.Compare(expected, actual, implicitOnly);
        output.WriteLine(report.Render());
        output.WriteLine("missing:\n" + string.Join("\n", report.Missing) + "\nextra:\n" + string.Join("\n", report.Extra));
        Assert.True(report.Missing.Count == 0, "In the oracle but not extracted:\n" + string.Join("\n", report.Missing));
        Assert.True(report.Extra.Count == 0, "Extracted (explicitly) but not in the oracle:\n" + string.Join("\n", report.Extra));
    }
}
