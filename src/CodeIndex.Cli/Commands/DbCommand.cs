using System.CommandLine;
using CodeIndex.Storage.Connection;
using CodeIndex.Storage.Embedded;
using Microsoft.Extensions.Logging;

namespace CodeIndex.Cli.Commands;

/// <summary><c>db status|stop</c>: manage the embedded PostgreSQL cluster the tool starts when no connection string is configured.</summary>
internal static class DbCommand
{
    public static Command Build()
    {
        var db = new Command("db", "Manage the embedded database.");
        var status = new Command("status", "Where the embedded database lives and whether it runs (or which server --db/CODEINDEX_DB selects).");
        CommandRunner.SetAction(status, async (context, _, ct) =>
        {
            if (context.ConnectionString is not null)
            {
                var described = ConnectionStrings.Describe(ConnectionStrings.Normalize(context.ConnectionString));
                Write(context, new { mode = "external", server = described }, $"Using an external server: {described} (from --db or CODEINDEX_DB).");
                return 0;
            }

            var s = await EmbeddedPostgres.Default(context.LoggerFactory.CreateLogger<EmbeddedPostgres>()).GetStatusAsync(ct).ConfigureAwait(false);
            Write(context,
                new { mode = "embedded", dataDirectory = s.DataDirectory, initialized = s.Initialized, running = s.Running, port = s.Port, pid = s.ProcessId },
                $"Embedded database: {s.DataDirectory}\n  initialized: {(s.Initialized ? "yes" : "no (created on first use)")}\n  running: {(s.Running ? $"yes (127.0.0.1:{s.Port}, pid {s.ProcessId})" : "no")}");
            return 0;
        });
        var stop = new Command("stop", "Stop the embedded database server (it starts again on next use).");
        CommandRunner.SetAction(stop, async (context, _, ct) =>
        {
            var embedded = EmbeddedPostgres.Default(context.LoggerFactory.CreateLogger<EmbeddedPostgres>());
            var before = await embedded.GetStatusAsync(ct).ConfigureAwait(false);
            await embedded.StopAsync(ct).ConfigureAwait(false);
            Write(context, new { dataDirectory = before.DataDirectory, wasRunning = before.Running, running = false },
                before.Running ? $"Stopped the embedded database at {before.DataDirectory}." : $"The embedded database at {before.DataDirectory} was not running.");
            return 0;
        });
        db.Subcommands.Add(status);
        db.Subcommands.Add(stop);
        return db;
    }

    private static void Write(CliContext context, object json, string text)
    {
        if (context.JsonOutput)
        {
            context.Output.WriteJson(new[] { json });
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }
}
