using System.CommandLine;
using System.Globalization;
using CodeIndex.Cli.Output;
using CodeIndex.Core.Errors;

namespace CodeIndex.Cli.Commands;

/// <summary><c>repos</c> lists indexed repositories; <c>remove &lt;repo&gt;</c> deletes one with everything indexed for it.</summary>
internal static class ReposCommand
{
    public static Command Build()
    {
        var command = new Command("repos", "List indexed repositories.");
        CommandRunner.SetAction(command, async (context, _, ct) =>
        {
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var repos = await db.Repositories.ListAsync(ct).ConfigureAwait(false);
            if (context.JsonOutput)
            {
                context.Output.WriteJson(repos.Select(r => new
                {
                    name = r.Name,
                    rootPath = r.RootPath,
                    indexedAt = r.IndexedAt,
                    symbols = r.SymbolCount,
                    relationships = r.RelationshipCount,
                }).ToList());
                return 0;
            }

            if (repos.Count == 0)
            {
                Console.Out.WriteLine("No repositories indexed yet. Run: codeindex index <path>");
                return 0;
            }

            Console.Out.Write(TableWriter.Render(
                ["name", "root", "symbols", "relationships", "indexed at (UTC)"],
                repos.Select(r => (IReadOnlyList<string?>)[
                    r.Name, r.RootPath,
                    r.SymbolCount.ToString(CultureInfo.InvariantCulture),
                    r.RelationshipCount.ToString(CultureInfo.InvariantCulture),
                    r.IndexedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never"]),
                maxColumnWidth: 120));
            return 0;
        });
        return command;
    }

    public static Command BuildRemove()
    {
        var repo = new Argument<string>("repo") { Description = "Repository name or root path." };
        var command = new Command("remove", "Delete an indexed repository and everything indexed for it.") { repo };
        CommandRunner.SetAction(command, async (context, parseResult, ct) =>
        {
            await using var db = await Database.OpenAsync(context, ct).ConfigureAwait(false);
            var found = await db.Repositories.ResolveAsync(parseResult.GetValue(repo)!, ct).ConfigureAwait(false);
            if (!await db.Repositories.RemoveAsync(found.Id, ct).ConfigureAwait(false))
            {
                throw new UserInputException("repository_not_found", $"Repository '{found.Name}' was removed meanwhile.");
            }

            if (context.JsonOutput)
            {
                context.Output.WriteJson(new[] { new { name = found.Name, rootPath = found.RootPath, removed = true } });
            }
            else
            {
                Console.Out.WriteLine($"Removed repository '{found.Name}' ({found.RootPath}): {found.SymbolCount} symbols, {found.RelationshipCount} relationships.");
            }

            return 0;
        });
        return command;
    }
}
