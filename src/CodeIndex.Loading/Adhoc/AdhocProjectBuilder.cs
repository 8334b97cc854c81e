using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CodeIndex.Loading;

/// <summary>Builds one ad-hoc C# project from loose <c>.cs</c> files, referencing the running .NET runtime's assemblies.</summary>
internal static class AdhocProjectBuilder
{
    /// <summary>Adds the project to a new <see cref="AdhocWorkspace"/>; the caller owns the workspace.</summary>
    /// <param name="name">Project and assembly name (the input folder's name).</param>
    /// <param name="files">Full paths of the <c>.cs</c> files, already filtered.</param>
    public static AdhocWorkspace Create(string name, IReadOnlyList<string> files)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId(name);
        var documents = files
            .Select(f => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId, f),
                Path.GetFileName(f),
                loader: new FileTextLoader(f, Encoding.UTF8),
                filePath: f))
            .ToList();
        var project = ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            name,
            name,
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            documents: documents,
            metadataReferences: RuntimeReferences());
        workspace.AddProject(project);
        return workspace;
    }

    /// <summary>The trusted platform assemblies that belong to the shared runtime (not the host application's own dependencies).</summary>
    private static List<MetadataReference> RuntimeReferences()
    {
        var runtimeFolder = PathUtil.TrimEnd(RuntimeEnvironment.GetRuntimeDirectory());
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return trusted
            .Where(p => PathUtil.Comparer.Equals(Path.GetDirectoryName(p), runtimeFolder))
            .Order(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }
}
