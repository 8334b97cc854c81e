namespace CodeIndex.Loading.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose (symlinks are deleted, never followed).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "codeindex-loading-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Delete(new DirectoryInfo(Path));
        }
        catch (IOException)
        {
            // Best effort: a BuildHost may still hold a file for a moment.
        }
    }

    private static void Delete(DirectoryInfo dir)
    {
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo sub && sub.LinkTarget is null)
            {
                Delete(sub);
            }
            else
            {
                entry.Delete();
            }
        }

        dir.Delete();
    }
}
