using System.CommandLine;
using System.Globalization;
using CodeIndex.Cli.Output;
using CodeIndex.Watch.Hosting;
using Npgsql;

namespace CodeIndex.Cli.Commands;

/// <summary><c>status [--repo r]</c>: per repository, whether a live daemon watches it (from its lock in pg_locks), since when, the last
/// full index and batch, files pending, the embedding backlog, the Chroma outbox backlog and the last error.</summary>
internal static class StatusCommand
{
    public static Command Build()
    {
        var repo = new Option<string?>("--repo") { Description = "Only this repository (name or root path)." };
        var command = new Command("status", "Show what each repository's index and watch daemon are doing.") { repo };
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var only = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(repo), ct).ConfigureAwait(false);
            var daemons = await new WatchStatusStore(db.DataSource).ReadAsync(only, ct).ConfigureAwait(false);
            var rows = new List<object>();
            var backlogs = new List<(long Embeddings, long Outbox)>();
            foreach (var d in daemons)
            {
                var (embeddings, outbox) = await WatchStatusStore.BacklogAsync(db.DataSource, d.RepositoryId, ct).ConfigureAwait(false);
                backlogs.Add((embeddings, outbox));
                rows.Add(new
                {
                    repository = d.Repository,
                    rootPath = d.RootPath,
                    watched = d.Live,
                    pid = d.Pid,
                    host = d.Host,
                    since = d.StartedAt,
                    ready = d.ReadyAt,
                    lastFullIndex = d.LastFullIndex,
                    lastBatchAt = d.LastBatchAt,
                    lastBatch = d.LastBatch is null ? (object?)null : System.Text.Json.JsonDocument.Parse(d.LastBatch).RootElement,
                    batches = d.Batches,
                    filesPending = d.FilesPending,
                    embeddingBacklog = embeddings,
                    chromaOutbox = outbox,
                    lastError = d.LastError,
                    lastErrorAt = d.LastErrorAt,
                });
            }

            if (context.JsonOutput)
            {
                context.Output.WriteJson(rows);
                return 0;
            }

            if (daemons.Count == 0)
            {
                Console.Out.WriteLine("No repositories indexed yet. Run: codeindex index <path>   or   codeindex watch <path>");
                return 0;
            }

            static string When(DateTime? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
            var i = 0;
            foreach (var d in daemons)
            {
                var (embeddingBacklog, chromaOutbox) = backlogs[i++];
                Console.Out.WriteLine($"{d.Repository} ({d.RootPath})");
                Console.Out.WriteLine(d.Live
                    ? $"  watched        yes: pid {d.Pid} on {d.Host}, since {When(d.StartedAt)} UTC{(d.ReadyAt is null ? " (starting)" : "")}"
                    : "  watched        no");
                Console.Out.WriteLine($"  last full index {When(d.LastFullIndex)} UTC");
                Console.Out.WriteLine($"  last batch     {When(d.LastBatchAt)} UTC ({d.Batches} batch(es) by the current daemon)");
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pending        {d.FilesPending} file(s); embeddings {embeddingBacklog}; Chroma outbox {chromaOutbox}"));
                if (d.LastError is not null)
                {
                    Console.Out.WriteLine($"  last error     {When(d.LastErrorAt)} UTC: {d.LastError}");
                }
            }

            return 0;
        });
        return command;
    }
}
