using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace CodeIndex.Loading;

/// <summary>One loaded Roslyn project with its name split from its target framework and its compile error count.</summary>
internal sealed partial record ProjectInstance(Project Project, string Name, string? TargetFramework, int CompileErrorCount)
{
    public static ProjectInstance Create(Project project, int compileErrorCount)
    {
        // MSBuildWorkspace names the instances of a multi-targeted project "Name(tfm)".
        var match = NameWithFramework().Match(project.Name);
        if (match.Success)
        {
            return new ProjectInstance(project, match.Groups["name"].Value, match.Groups["tfm"].Value, compileErrorCount);
        }

        // Single target: the output path ends in …/bin/Debug/<tfm>/Name.dll.
        var outputFolder = Path.GetFileName(Path.GetDirectoryName(project.OutputFilePath ?? string.Empty));
        var framework = TargetFrameworks.Key(outputFolder).Family >= 0 ? outputFolder : null;
        return new ProjectInstance(project, project.Name, framework, compileErrorCount);
    }

    [GeneratedRegex(@"^(?<name>.+)\((?<tfm>[^()]+)\)$")]
    private static partial Regex NameWithFramework();
}
