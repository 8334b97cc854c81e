using System.Xml;
using System.Xml.Linq;
using CodeIndex.Core.Errors;

namespace CodeIndex.Loading;

/// <summary>Reads the project paths of a <c>.slnx</c> solution (MSBuildWorkspace 4.14 cannot open it): every <c>&lt;Project Path="…"/&gt;</c>, at any depth of <c>&lt;Folder&gt;</c>.</summary>
internal static class SlnxReader
{
    public static IReadOnlyList<string> ReadProjectPaths(string slnxPath)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(slnxPath);
        }
        catch (XmlException ex)
        {
            throw new UserInputException(
                "invalid_solution",
                $"The solution file '{slnxPath}' is not valid XML ({ex.Message}). To fix this, repair the file or pass a project or folder instead.",
                ex);
        }

        var folder = Path.GetDirectoryName(slnxPath)!;
        return document.Descendants()
            .Where(e => e.Name.LocalName == "Project")
            .Select(e => (string?)e.Attribute("Path"))
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => Path.GetFullPath(Path.Combine(folder, p!.Replace('\\', Path.DirectorySeparatorChar))))
            .Distinct(PathUtil.Comparer)
            .ToList();
    }
}
