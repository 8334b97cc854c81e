namespace CodeIndex.Cli.Output;

/// <summary>A one-line, self-overwriting progress display on stderr, shown only at an interactive terminal (never with --json or --quiet).</summary>
internal sealed class ProgressDisplay : IProgress<string>, IDisposable
{
    private readonly bool _enabled;
    private readonly bool _lines;
    private readonly object _gate = new();
    private bool _dirty;

    public ProgressDisplay(CliContext context)
    {
        _enabled = !context.JsonOutput && !context.Quiet;
        _lines = context.Verbose || Console.IsErrorRedirected;
        if (_lines && !context.Verbose)
        {
            _enabled = false; // redirected stderr: no progress noise in logs unless --verbose
        }
    }

    public void Report(string value)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (_lines)
            {
                Console.Error.WriteLine($"… {value}");
                return;
            }

            var width = Math.Max(20, SafeWidth() - 1);
            var text = value.Length > width ? value[..width] : value;
            Console.Error.Write($"\r\u001b[K{text}");
            _dirty = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_dirty)
            {
                Console.Error.Write("\r\u001b[K");
                _dirty = false;
            }
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
