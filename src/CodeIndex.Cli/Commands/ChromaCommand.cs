using System.CommandLine;
using CodeIndex.Chroma.Sync;
using CodeIndex.Cli.Pipeline;
using CodeIndex.Core.Errors;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Commands;

/// <summary><c>chroma sync [--rebuild]</c> and <c>chroma verify</c>: keep the ChromaDB mirror in step with PostgreSQL.</summary>
internal static class ChromaCommand
{
    public static Command Build()
    {
        var chroma = new Command("chroma", "Manage the ChromaDB mirror (needs --chroma <url> or CODEINDEX_CHROMA).");
        chroma.Subcommands.Add(BuildSync());
        chroma.Subcommands.Add(BuildVerify());
        return chroma;
    }

    private static Command BuildSync()
    {
        var rebuild = new Option<bool>("--rebuild") { Description = "Re-send every vector from PostgreSQL and delete what Chroma holds that PostgreSQL does not." };
        var command = new Command("sync", "Drain the outbox into ChromaDB (exit 1 when Chroma is unreachable).") { rebuild };
        command.Options.Add(QueryOptionsBinder.Repo);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            await using var mirror = ChromaMirror.Require(db, context);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var synchronizer = new ChromaSynchronizer(db.DataSource, mirror.Client, mirror.Drainer, context.LoggerFactory.CreateLogger<ChromaSynchronizer>());
            var result = await synchronizer.SyncAsync(repositoryId, parseResult.GetValue(rebuild), ct).ConfigureAwait(false);
            if (context.JsonOutput)
            {
                context.Output.WriteJson(new[] { result });
            }
            else
            {
                Console.Out.WriteLine($"ChromaDB {mirror.Options.Url}: {result.Drain.DocumentsUpserted} upserted, {result.Drain.DocumentsDeleted} deleted from the outbox" +
                    (result.Rebuilt.Count > 0 ? $"; rebuilt {result.Rebuilt.Count} collection(s) ({result.Rebuilt.Sum(r => r.Upserted)} re-sent, {result.Rebuilt.Sum(r => r.ExtraDeleted)} extra deleted)" : "") +
                    (result.DroppedCollections.Count > 0 ? $"; dropped {result.DroppedCollections.Count} stale collection(s)" : "") +
                    $"; {result.PendingAfter} still pending.");
            }

            return result.Drain.ChromaUnreachable
                ? throw new OperationFailedException("chroma_unreachable", $"ChromaDB at {mirror.Options.Url} became unreachable during sync ({result.Drain.LastError}); {result.PendingAfter} document(s) stay in the outbox.")
                : ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildVerify()
    {
        var sample = new Option<int>("--sample") { Description = "How many documents' texts to compare (0 = all; ids and counts are always compared in full).", DefaultValueFactory = _ => ChromaVerifier.DefaultTextSample };
        var command = new Command("verify", "Compare ChromaDB with PostgreSQL: counts, every id, a sample of texts (exit 1 on drift).") { sample };
        command.Options.Add(QueryOptionsBinder.Repo);
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            await using var mirror = ChromaMirror.Require(db, context);
            var repositoryId = await Database.ResolveRepositoryAsync(db, parseResult.GetValue(QueryOptionsBinder.Repo), ct).ConfigureAwait(false);
            var result = await new ChromaVerifier(db.DataSource, mirror.Client).VerifyAsync(repositoryId, parseResult.GetValue(sample), ct).ConfigureAwait(false);
            if (context.JsonOutput)
            {
                context.Output.WriteJson(result.Drift, new Dictionary<string, object?>
                {
                    ["collections"] = result.Collections,
                    ["pendingOutbox"] = result.PendingOutbox,
                    ["drift"] = result.HasDrift,
                });
            }
            else
            {
                foreach (var c in result.Collections)
                {
                    Console.Out.WriteLine($"{c.Collection}: PostgreSQL {c.PostgresCount}, Chroma {c.ChromaCount}, missing {c.MissingInChroma}, extra {c.ExtraInChroma}, texts compared {c.TextsCompared} ({c.TextMismatches} differ)");
                }

                foreach (var d in result.Drift.Take(50))
                {
                    Console.Out.WriteLine($"  drift: {d.Kind} {d.Collection} {d.DocumentId} {d.Detail}");
                }

                Console.Out.WriteLine(result.HasDrift
                    ? $"Drift found ({result.Drift.Count}). To fix this, run 'codeindex chroma sync --rebuild'."
                    : $"In sync{(result.PendingOutbox > 0 ? $" ({result.PendingOutbox} outbox row(s) still pending)" : "")}.");
            }

            return result.HasDrift ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
