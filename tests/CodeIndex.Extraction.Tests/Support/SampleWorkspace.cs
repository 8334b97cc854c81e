using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CodeIndex.Extraction.Tests.Support;

/// <summary>Builds in-memory Roslyn projects from the committed sample sources (or from strings) with the running runtime's assemblies as references.</summary>
internal static class SampleWorkspace
{
    /// <summary>Root of the copied sample sources; repository-relative paths are like <c>Lib/Shapes.cs</c>.</summary>
    public static string SourcesRoot { get; } = Path.Combine(AppContext.BaseDirectory, "Sources");

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>The three sample projects: SampleLib (library), SampleApp (top-level statements, references SampleLib), Broken (malformed code).</summary>
    public static IReadOnlyList<ExtractionTarget> SampleTargets()
    {
        var workspace = new AdhocWorkspace();
        var lib = AddProject(workspace, "SampleLib", OutputKind.DynamicallyLinkedLibrary, Files("Lib"));
        var app = AddProject(workspace, "SampleApp", OutputKind.ConsoleApplication, Files("App"), lib.Id);
        var broken = AddProject(workspace, "Broken", OutputKind.DynamicallyLinkedLibrary, Files("Broken"));
        return [Target(workspace, lib.Id), Target(workspace, app.Id), Target(workspace, broken.Id)];
    }

    /// <summary>The Uses project: every kind of member use, implicit call, recursion and C# 14 construct (Sources/Uses).</summary>
    public static IReadOnlyList<ExtractionTarget> UsesTargets()
    {
        var workspace = new AdhocWorkspace();
        var uses = AddProject(workspace, "Uses", OutputKind.DynamicallyLinkedLibrary, Files("Uses"));
        return [Target(workspace, uses.Id)];
    }

    /// <summary>One library project from (relative path, text or loader) pairs, rooted at <see cref="SourcesRoot"/>.</summary>
    public static ExtractionTarget Single(string name, params (string Path, TextLoader Loader)[] files)
    {
        var workspace = new AdhocWorkspace();
        var project = AddProject(workspace, name, OutputKind.DynamicallyLinkedLibrary, files);
        return Target(workspace, project.Id);
    }

    public static TextLoader Text(string text) => TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Default));

    private static (string Path, TextLoader Loader)[] Files(string folder) =>
        [.. Directory.GetFiles(Path.Combine(SourcesRoot, folder), "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(SourcesRoot, path), Text(File.ReadAllText(path))))];

    private static ExtractionTarget Target(AdhocWorkspace workspace, ProjectId id)
    {
        var project = workspace.CurrentSolution.GetProject(id)!;
        var documents = project.Documents.OrderBy(d => d.FilePath, StringComparer.Ordinal).Select(d => d.Id).ToList();
        return new ExtractionTarget(project, project.Name, documents);
    }

    private static Project AddProject(AdhocWorkspace workspace, string name, OutputKind kind, (string Path, TextLoader Loader)[] files, ProjectId? reference = null)
    {
        var id = ProjectId.CreateNewId(name);
        var info = ProjectInfo.Create(
            id,
            VersionStamp.Default,
            name,
            name,
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse),
            metadataReferences: References.Value,
            projectReferences: reference is null ? [] : [new ProjectReference(reference)],
            documents: files.Select(f => DocumentInfo.Create(
                DocumentId.CreateNewId(id, f.Path),
                Path.GetFileName(f.Path),
                loader: f.Loader,
                filePath: Path.Combine(SourcesRoot, f.Path))));
        return workspace.AddProject(info);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. trusted
            .Where(path => Path.GetDirectoryName(path) == runtimeDirectory)
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
