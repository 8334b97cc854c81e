using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeIndex.Benchmarks.Support;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Npgsql;

namespace CodeIndex.Benchmarks.Watching;

/// <summary>
/// <c>watch</c>: runs the real <c>codeindex watch</c> as a child process on a solution and measures, from this process (the
/// editor and a separate poller of the database):
/// save → visible for single-file body edits (each adds a call to <c>GC.KeepAlive</c> at a new column, and the poller waits for
/// that site), a declaration edit (an overload added to and removed from the source method called from the most files),
/// the same write + poll probe against a plain table (the idle baseline), start-up and restart times, idle CPU and RSS.
/// Every edited file is restored at the end.
/// </summary>
internal static class WatchBenchmark
{
    private const string SiteColumns = """
        SELECT coalesce(array_agg(x.column_number ORDER BY x.column_number), '{}') FROM relationship_sites x
        JOIN symbol_relationships r ON r.id = x.relationship_id JOIN code_symbols t ON t.id = r.target_id
        WHERE r.repository_id = $1 AND x.file_path = $2 AND x.line_number = $3 AND t.symbol_key = 'M:System.GC.KeepAlive(System.Object)'
        """;

    public static async Task RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var input = Path.GetFullPath(args.Positional.FirstOrDefault() ?? throw new ArgumentException("watch needs a solution, project or folder."));
        var edits = args.Int("--edits", 100);
        var declEdits = args.Int("--decl-edits", 20);
        var files = args.Int("--files", 10);
        var idleSeconds = args.Int("--idle-seconds", 10);
        var idleAfter = args.Int("--idle-after", 15);
        var connection = args.Text("--db");
        var verify = !args.Flag("--no-verify");
        var trace = args.Text("--trace");
        args.RejectUnknown();

        await using var throwaway = new ThrowawayDatabases();
        connection ??= await throwaway.CreateAsync("watch", cancellationToken).ConfigureAwait(false);
        await using var db = CodeIndex.Storage.Connection.DatabaseConnector.Create(connection);
        var restore = new List<(string Path, string Text)>();
        try
        {
            // 1. First start: a full index; then a restart on the unchanged tree.
            var (first, firstReady) = await StartAsync(connection, input, trace, cancellationToken).ConfigureAwait(false);
            await StopAsync(first).ConfigureAwait(false);
            var (daemon, ready) = await StartAsync(connection, input, trace, cancellationToken).ConfigureAwait(false);
            var rssStart = Rss(daemon.Process.Id);
            var repo = await RepositoryAsync(db, ready.Root, cancellationToken).ConfigureAwait(false);
            var documents = await ScalarAsync<long>(db, "SELECT count(*) FROM indexed_files WHERE repository_id = $1", cancellationToken, repo).ConfigureAwait(false);
            var idleEarly = await IdleCpuAsync(daemon.Process.Id, TimeSpan.FromSeconds(idleAfter), cancellationToken).ConfigureAwait(false);
            var idleCpu = await IdleCpuAsync(daemon.Process.Id, TimeSpan.FromSeconds(idleSeconds), cancellationToken).ConfigureAwait(false);

            // 2. Body edits.
            var targets = await BodyTargetsAsync(db, repo, ready.Root, files, cancellationToken).ConfigureAwait(false);
            restore.AddRange(targets.Select(t => (t.FullPath, t.Original)));
            var body = new List<double>();
            var bodyBatch = new List<double>();
            await using var poll = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < edits; i++)
            {
                var target = targets[i % targets.Count];
                var pad = new string(' ', (i / targets.Count) % 2);
                var lines = target.Lines.ToList();
                lines.Insert(target.InsertAt, $"{target.Indent}{pad}global::System.GC.KeepAlive({i});");
                var before = await ColumnsAsync(poll, repo, target.Relative, target.InsertAt + 1, cancellationToken).ConfigureAwait(false);
                var clock = Stopwatch.StartNew();
                await File.WriteAllTextAsync(target.FullPath, string.Join('\n', lines), cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    var now = await ColumnsAsync(poll, repo, target.Relative, target.InsertAt + 1, cancellationToken).ConfigureAwait(false);
                    if (now.Length > 0 && !now.SequenceEqual(before))
                    {
                        break;
                    }

                    if (clock.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        throw new TimeoutException($"edit {i} of {target.Relative} never became visible");
                    }

                    await Task.Delay(2, cancellationToken).ConfigureAwait(false);
                }

                body.Add(clock.Elapsed.TotalMilliseconds);
                await Task.Delay(150, cancellationToken).ConfigureAwait(false); // one edit at a time, as a developer saves
                bodyBatch.Add(daemon.LastBatchMs);
            }

            // 3. Declaration edits: an overload of the most-called method added, then removed.
            var decl = new List<double>();
            var declDocs = new List<double>();
            var (method, callers) = await MostCalledMethodAsync(db, repo, cancellationToken).ConfigureAwait(false);
            if (method is not null && declEdits > 0)
            {
                var full = Path.Combine(ready.Root, method.File);
                var original = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
                if (!restore.Any(r => r.Path == full))
                {
                    restore.Add((full, original));
                }

                var lines = original.Split('\n').ToList();
                var indent = new string(lines[method.Line - 1].TakeWhile(char.IsWhiteSpace).ToArray());
                var overloadKey = method.Key[..(method.Key.IndexOf('(') is var p and >= 0 ? p : method.Key.Length)] + "(System.Guid)";
                for (var i = 0; i < declEdits; i++)
                {
                    var add = i % 2 == 0;
                    var next = lines.ToList();
                    if (add)
                    {
                        next.Insert(method.Line - 1, $"{indent}internal static void {method.Name}(global::System.Guid codeIndexBenchmark) {{ }}");
                    }

                    var batches = daemon.Batches;
                    var clock = Stopwatch.StartNew();
                    await File.WriteAllTextAsync(full, string.Join('\n', next), cancellationToken).ConfigureAwait(false);
                    while ((await ScalarAsync<long>(db, "SELECT count(*) FROM code_symbols WHERE repository_id = $1 AND symbol_key = $2", cancellationToken, repo, overloadKey).ConfigureAwait(false) > 0) != add)
                    {
                        if (clock.Elapsed > TimeSpan.FromSeconds(120))
                        {
                            throw new TimeoutException($"declaration edit {i} never became visible");
                        }

                        await Task.Delay(2, cancellationToken).ConfigureAwait(false);
                    }

                    decl.Add(clock.Elapsed.TotalMilliseconds);
                    while (daemon.Batches == batches)
                    {
                        await Task.Delay(5, cancellationToken).ConfigureAwait(false);
                    }

                    declDocs.Add(daemon.LastBatchDocuments);
                    await Task.Delay(300, cancellationToken).ConfigureAwait(false);
                }
            }

            var rssEnd = Rss(daemon.Process.Id);

            // 4. Equality on the real repository: every edited file back to its original text, the daemon idle, then a fresh
            // full index of the same tree in a database of its own must hold exactly the same rows.
            string equality = "not checked (--no-verify)";
            if (verify)
            {
                var before = daemon.Batches;
                foreach (var (path, text) in restore)
                {
                    await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
                }

                await WaitQuietAsync(daemon, before, cancellationToken).ConfigureAwait(false);
                var freshConnection = await throwaway.CreateAsync("fresh", cancellationToken).ConfigureAwait(false);
                var fresh = await RunCliAsync(freshConnection, ["index", input, "--no-embed", "--no-restore", "--quiet"], cancellationToken).ConfigureAwait(false);
                await using var freshDb = CodeIndex.Storage.Connection.DatabaseConnector.Create(freshConnection);
                var expected = await CodeIndex.Watch.Tests.Support.IndexSnapshot.ReadAsync(freshDb, await RepositoryAsync(freshDb, ready.Root, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                var actual = await CodeIndex.Watch.Tests.Support.IndexSnapshot.ReadAsync(db, repo).ConfigureAwait(false);
                var missing = expected.Except(actual).ToList();
                var extra = actual.Except(expected).ToList();
                equality = fresh != 0 ? $"fresh index failed (exit {fresh})"
                    : missing.Count + extra.Count == 0 ? $"equal: {actual.Count:N0} rows"
                    : $"DIFFERS: {missing.Count} rows missing, {extra.Count} extra, e.g. {string.Join(" | ", missing.Take(3).Select(r => "- " + r).Concat(extra.Take(3).Select(r => "+ " + r)))}";
            }

            // 4. The idle baseline: the same write + poll through PostgreSQL, without the daemon in between.
            var baseline = await BaselineAsync(db, edits, cancellationToken).ConfigureAwait(false);
            await StopAsync(daemon).ConfigureAwait(false);

            var table = new Table("case", "n", "p50", "p95", "max", "load avg");
            table.Add("save → visible, body edit", body.Count, Table.Ms(Percentiles.Median(body)), Table.Ms(Percentiles.Of(body, 95)), Table.Ms(body.DefaultIfEmpty().Max()), MachineFacts.LoadAverage());
            table.Add("  the daemon's batch (total ms)", bodyBatch.Count, Table.Ms(Percentiles.Median(bodyBatch)), Table.Ms(Percentiles.Of(bodyBatch, 95)), Table.Ms(bodyBatch.DefaultIfEmpty().Max()), "");
            if (decl.Count > 0)
            {
                table.Add($"save → visible, declaration edit ({callers} calling files; {Percentiles.Median(declDocs):F0} documents re-extracted)", decl.Count, Table.Ms(Percentiles.Median(decl)), Table.Ms(Percentiles.Of(decl, 95)), Table.Ms(decl.Max()), MachineFacts.LoadAverage());
            }

            table.Add("idle baseline: UPDATE + poll of one row", baseline.Count, Table.Ms(Percentiles.Median(baseline)), Table.Ms(Percentiles.Of(baseline, 95)), Table.Ms(baseline.Max()), MachineFacts.LoadAverage());
            table.Print($"Watch of {input}: {documents} documents; debounce 25 ms");

            var start = new Table("start-up", "value");
            start.Add("first start (full index): load", $"{firstReady.LoadMs} ms");
            start.Add("first start: index", $"{firstReady.ReconcileMs} ms");
            start.Add("restart on the unchanged tree: load", $"{ready.LoadMs} ms");
            start.Add($"restart: reconcile {documents} files (mode '{ready.Mode}')", $"{ready.ReconcileMs} ms");
            start.Add($"CPU in the first {idleAfter} s after ready (no edits)", $"{idleEarly:F2} %");
            start.Add($"idle CPU over the next {idleSeconds} s", $"{idleCpu:F2} %");
            start.Add("RSS at ready / after the edits", $"{rssStart / 1024.0:F0} MiB / {rssEnd / 1024.0:F0} MiB");
            start.Add("after the edits and their undo: index vs a fresh full index", equality);
            start.Print("Start-up and resources");
        }
        finally
        {
            foreach (var (path, text) in restore)
            {
                await File.WriteAllTextAsync(path, text, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until the daemon committed at least one batch after <paramref name="before"/> and then none for 3 s.</summary>
    private static async Task WaitQuietAsync(Daemon daemon, long before, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (Interlocked.Read(ref daemon.Batches) == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var seen = Interlocked.Read(ref daemon.Batches);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(3000, cancellationToken).ConfigureAwait(false);
            var now = Interlocked.Read(ref daemon.Batches);
            if (now == seen)
            {
                return;
            }

            seen = now;
        }
    }

    private static async Task<int> RunCliAsync(string connection, string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "codeindex.dll"), "--db", connection }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start codeindex");
        _ = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <param name="trace">A file that receives the daemon's events and its --verbose log (per-batch phases, slow merge steps).</param>
    private static async Task<(Daemon, ReadyEvent)> StartAsync(string connection, string input, string? trace, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments = [Path.Combine(AppContext.BaseDirectory, "codeindex.dll"), "--db", connection, "watch", input, "--no-embed", "--no-restore", "--json"];
        foreach (var a in trace is null ? arguments : [.. arguments, "--verbose"])
        {
            psi.ArgumentList.Add(a);
        }

        var daemon = new Daemon(Process.Start(psi) ?? throw new InvalidOperationException("could not start codeindex watch"), trace);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (daemon.Ready is null)
        {
            if (daemon.Process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"codeindex watch did not become ready: {daemon.Errors}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return (daemon, daemon.Ready);
    }

    private static async Task StopAsync(Daemon daemon)
    {
        using (var kill = Process.Start("kill", ["-TERM", daemon.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        await daemon.Process.WaitForExitAsync().ConfigureAwait(false);
        daemon.Process.Dispose();
    }

    private static async Task<List<BodyTarget>> BodyTargetsAsync(NpgsqlDataSource db, long repo, string root, int count, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await using (var command = db.CreateCommand("SELECT file_path FROM indexed_files WHERE repository_id = $1 ORDER BY md5(file_path)"))
        {
            command.Parameters.AddWithValue(repo);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                paths.Add(reader.GetString(0));
            }
        }

        var result = new List<BodyTarget>();
        foreach (var relative in paths)
        {
            var full = Path.Combine(root, relative);
            var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
            var tree = CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken);
            var method = tree.GetRoot(cancellationToken).DescendantNodes().OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(m => m.Body is { Statements.Count: > 0 } && m.Body.OpenBraceToken.GetLocation().GetLineSpan().StartLinePosition.Line
                    < m.Body.Statements[0].GetLocation().GetLineSpan().StartLinePosition.Line);
            if (method?.Body is null || text.Contains('\r', StringComparison.Ordinal))
            {
                continue;
            }

            var first = method.Body.Statements[0].GetLocation().GetLineSpan().StartLinePosition;
            var lines = text.Split('\n');
            result.Add(new BodyTarget(full, relative, text, lines, first.Line, new string(lines[first.Line].TakeWhile(char.IsWhiteSpace).ToArray())));
            if (result.Count == count)
            {
                break;
            }
        }

        return result.Count > 0 ? result : throw new InvalidOperationException("no method with a block body was found to edit");
    }

    private static async Task<(DeclTarget? Method, long Files)> MostCalledMethodAsync(NpgsqlDataSource db, long repo, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT t.symbol_key, t.name, t.file_path, t.line_number, count(DISTINCT x.file_path) AS files
            FROM code_symbols t JOIN symbol_relationships r ON r.target_id = t.id AND r.relationship_type = 'calls'
            JOIN relationship_sites x ON x.relationship_id = r.id
            WHERE t.repository_id = $1 AND t.kind = 'method' AND NOT t.is_external AND NOT t.is_implicit AND t.name NOT LIKE '.%' AND t.name NOT LIKE 'op\_%'
            GROUP BY 1, 2, 3, 4 ORDER BY files DESC, 1 LIMIT 1
            """);
        command.Parameters.AddWithValue(repo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (new DeclTarget(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)), reader.GetInt64(4))
            : (null, 0);
    }

    private static async Task<int[]> ColumnsAsync(NpgsqlConnection connection, long repo, string file, int line, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(SiteColumns, connection);
        command.Parameters.AddWithValue(repo);
        command.Parameters.AddWithValue(file);
        command.Parameters.AddWithValue(line);
        return (int[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<List<double>> BaselineAsync(NpgsqlDataSource db, int runs, CancellationToken cancellationToken)
    {
        await using var writer = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_probe (v integer); TRUNCATE bench_probe; INSERT INTO bench_probe VALUES (-1)", writer))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await using (var update = new NpgsqlCommand("UPDATE bench_probe SET v = $1", writer) { Parameters = { new() { Value = i } } })
            {
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            while (true)
            {
                await using var select = new NpgsqlCommand("SELECT v FROM bench_probe", reader);
                if ((int)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == i)
                {
                    break;
                }

                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }

            result.Add(clock.Elapsed.TotalMilliseconds);
        }

        await using (var drop = new NpgsqlCommand("DROP TABLE bench_probe", writer))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static async Task<double> IdleCpuAsync(int pid, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuTicks(pid);
        await Task.Delay(window, cancellationToken).ConfigureAwait(false);
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        return (CpuTicks(pid) - before) / ticksPerSecond / window.TotalSeconds * 100;
    }

    /// <summary>utime + stime of a process, in clock ticks (/proc/pid/stat fields 14 and 15).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS of a process in KiB.</summary>
    private static long Rss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();

    private static async Task<long> RepositoryAsync(NpgsqlDataSource db, string root, CancellationToken cancellationToken) =>
        await ScalarAsync<long>(db, "SELECT id FROM repositories WHERE root_path = $1", cancellationToken, root).ConfigureAwait(false);

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, CancellationToken cancellationToken, params object[] args)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.AddWithValue(a);
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private sealed record BodyTarget(string FullPath, string Relative, string Original, string[] Lines, int InsertAt, string Indent);

    private sealed record DeclTarget(string Key, string Name, string File, int Line);

    private sealed record ReadyEvent(string Root, string Mode, long LoadMs, long ReconcileMs);

    /// <summary>The child daemon and what its --json events said.</summary>
    private sealed class Daemon
    {
        private readonly System.Text.StringBuilder _errors = new();
        private string? _root;

        public Daemon(Process process, string? trace)
        {
            Process = process;
            var traceWriter = trace is null ? null : TextWriter.Synchronized(new StreamWriter(trace, append: true) { AutoFlush = true });
            process.OutputDataReceived += (_, e) =>
            {
                traceWriter?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}");
                OnLine(e.Data);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                traceWriter?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} ! {e.Data}");
                if (e.Data is not null && trace is null)
                {
                    lock (_errors)
                    {
                        _errors.AppendLine(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public ReadyEvent? Ready { get; private set; }

        public long Batches;

        public double LastBatchMs { get; private set; }

        public double LastBatchDocuments { get; private set; }

        public string Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToString();
                }
            }
        }

        private void OnLine(string? line)
        {
            if (line is null || !line.StartsWith("{\"event\"", StringComparison.Ordinal))
            {
                return;
            }

            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            switch (e.GetProperty("event").GetString())
            {
                case "started":
                    _root = e.GetProperty("root").GetString();
                    break;
                case "ready":
                    Ready = new ReadyEvent(_root!, e.GetProperty("mode").GetString()!, e.GetProperty("loadMs").GetInt64(), e.GetProperty("reconcileMs").GetInt64());
                    break;
                case "batch":
                    LastBatchMs = e.GetProperty("ms").GetProperty("total").GetDouble();
                    LastBatchDocuments = e.GetProperty("documents").GetDouble();
                    Interlocked.Increment(ref Batches);
                    break;
            }
        }
    }
}
