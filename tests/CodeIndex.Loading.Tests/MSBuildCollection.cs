namespace CodeIndex.Loading.Tests;

/// <summary>Tests that open real MSBuild projects run one class at a time: each load starts a BuildHost and the machine is small.</summary>
[CollectionDefinition(Name)]
public sealed class MSBuildCollection
{
    public const string Name = "MSBuild";
}
