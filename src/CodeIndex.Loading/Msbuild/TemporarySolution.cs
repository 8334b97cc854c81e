using System.Security.Cryptography;
using System.Text;

namespace CodeIndex.Loading;

/// <summary>A throw-away <c>.sln</c> listing project files by absolute path, deleted on dispose.</summary>
/// <remarks>
/// MSBuildWorkspace 4.14 starts a new BuildHost process for every <c>OpenProjectAsync</c> call (several seconds each), but one for a whole
/// <c>OpenSolutionAsync</c>. Lists of projects (from a <c>.slnx</c> or a folder search) are therefore opened through a generated solution.
/// </remarks>
internal sealed class TemporarySolution : IDisposable
{
    private const string CSharpProjectType = "{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}";

    private TemporarySolution(string folder, string path)
    {
        Folder = folder;
        Path = path;
    }

    public string Folder { get; }

    public string Path { get; }

    public static TemporarySolution Create(IReadOnlyList<string> projectPaths)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "codeindex-sln-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, "CodeIndex.Generated.sln");
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("Microsoft Visual Studio Solution File, Format Version 12.00")
            .AppendLine("# Visual Studio Version 17");
        foreach (var project in projectPaths)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(project);
            text.AppendLine($"Project(\"{CSharpProjectType}\") = \"{name}\", \"{project}\", \"{{{StableGuid(project)}}}\"")
                .AppendLine("EndProject");
        }

        text.AppendLine("Global").AppendLine("EndGlobal");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return new TemporarySolution(folder, path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is in the temp folder.
        }
    }

    private static string StableGuid(string path) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes(path))).ToString("D").ToUpperInvariant();
}
