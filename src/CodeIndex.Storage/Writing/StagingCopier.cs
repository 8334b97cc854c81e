using CodeIndex.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Storage.Writing;

/// <summary>Binary COPY of pending symbols, locations and relationship occurrences into the session's TEMP staging tables.</summary>
internal static class StagingCopier
{
    public const string CreateStagingSql = """
        CREATE TEMP TABLE stage_symbols (
            seq bigint NOT NULL, project text, symbol_key text, name text, qualified_name text, kind text,
            file_path text, line_number integer, column_number integer, end_line integer, end_column integer,
            signature text, documentation text, visibility text, modifiers integer, language text,
            is_external boolean, assembly_name text, assembly_version text, content_hash text, body_words text) ON COMMIT DROP;
        CREATE TEMP TABLE stage_locations (
            symbol_seq bigint NOT NULL, file_path text, line_number integer, column_number integer,
            end_line integer, end_column integer) ON COMMIT DROP;
        CREATE TEMP TABLE stage_edges (
            src_assembly text, src_key text, tgt_assembly text, tgt_key text, relationship_type text,
            file_path text, line_number integer, column_number integer, access text, is_implicit boolean, is_candidate boolean) ON COMMIT DROP;
        """;

    /// <summary>Copies symbols (numbered from <paramref name="firstSeq"/>) and their locations; returns rows copied.</summary>
    public static async Task<long> CopySymbolsAsync(NpgsqlConnection connection, IReadOnlyList<SymbolRecord> symbols, long firstSeq, CancellationToken cancellationToken)
    {
        if (symbols.Count == 0)
        {
            return 0;
        }

        long rows = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY stage_symbols (seq, project, symbol_key, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column, signature, documentation, visibility, modifiers, language, is_external, assembly_name, assembly_version, content_hash, body_words) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            var seq = firstSeq;
            foreach (var s in symbols)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(seq++, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Project, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.SymbolKey, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Name, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.QualifiedName, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Kind, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.FilePath, cancellationToken).ConfigureAwait(false);
                await WriteIntAsync(importer, s.Line, cancellationToken).ConfigureAwait(false);
                await WriteIntAsync(importer, s.Column, cancellationToken).ConfigureAwait(false);
                await WriteIntAsync(importer, s.EndLine, cancellationToken).ConfigureAwait(false);
                await WriteIntAsync(importer, s.EndColumn, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Signature, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Documentation, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Visibility, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((int)s.Modifiers, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.Language, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(s.IsExternal, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.AssemblyName, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.AssemblyVersion, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.ContentHash, cancellationToken).ConfigureAwait(false);
                await WriteTextAsync(importer, s.BodyWords, cancellationToken).ConfigureAwait(false);
                rows++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY stage_locations (symbol_seq, file_path, line_number, column_number, end_line, end_column) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            var seq = firstSeq;
            foreach (var s in symbols)
            {
                foreach (var l in s.Locations)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await WriteTextAsync(importer, l.FilePath, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(l.Line, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(l.Column, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(l.EndLine, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(l.EndColumn, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    rows++;
                }

                seq++;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>Copies relationship occurrences (one row each; folded at commit); returns rows copied.</summary>
    public static async Task<long> CopyEdgesAsync(NpgsqlConnection connection, IReadOnlyList<RelationshipRecord> edges, CancellationToken cancellationToken)
    {
        if (edges.Count == 0)
        {
            return 0;
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY stage_edges (src_assembly, src_key, tgt_assembly, tgt_key, relationship_type, file_path, line_number, column_number, access, is_implicit, is_candidate) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        foreach (var e in edges)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Source.AssemblyName, cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Source.SymbolKey, cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Target.AssemblyName, cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Target.SymbolKey, cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Type, cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Site?.FilePath, cancellationToken).ConfigureAwait(false);
            await WriteIntAsync(importer, e.Site?.Line, cancellationToken).ConfigureAwait(false);
            await WriteIntAsync(importer, e.Site?.Column, cancellationToken).ConfigureAwait(false);
            await WriteTextAsync(importer, e.Access, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.IsImplicit, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(e.IsCandidate, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return edges.Count;
    }

    /// <summary>PostgreSQL text cannot hold NUL; replace it so one odd doc comment cannot fail a whole run.</summary>
    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null
            ? importer.WriteNullAsync(cancellationToken)
            : importer.WriteAsync(value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteIntAsync(NpgsqlBinaryImporter importer, int? value, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken) : importer.WriteNullAsync(cancellationToken);
}
