using System.Diagnostics;
using CodeIndex.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace CodeIndex.Benchmarks.Copying;

/// <summary>The floor: one hand-written binary COPY (synchronous writes) of symbol rows into the staging table shape, no session around it.</summary>
internal static class RawCopy
{
    public static async Task<TimeSpan> SymbolsAsync(NpgsqlConnection connection, IReadOnlyList<SymbolRecord> symbols, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY stage_symbols (seq, project, symbol_key, name, qualified_name, kind, file_path, line_number, column_number, end_line, end_column, signature, documentation, visibility, modifiers, language, is_external, assembly_name, assembly_version, content_hash) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        long seq = 0;
        foreach (var s in symbols)
        {
            importer.StartRow();
            importer.Write(seq++, NpgsqlDbType.Bigint);
            Text(importer, s.Project);
            Text(importer, s.SymbolKey);
            Text(importer, s.Name);
            Text(importer, s.QualifiedName);
            Text(importer, s.Kind);
            Text(importer, s.FilePath);
            Int(importer, s.Line);
            Int(importer, s.Column);
            Int(importer, s.EndLine);
            Int(importer, s.EndColumn);
            Text(importer, s.Signature);
            Text(importer, s.Documentation);
            Text(importer, s.Visibility);
            importer.Write((int)s.Modifiers, NpgsqlDbType.Integer);
            Text(importer, s.Language);
            importer.Write(s.IsExternal, NpgsqlDbType.Boolean);
            Text(importer, s.AssemblyName);
            Text(importer, s.AssemblyVersion);
            Text(importer, s.ContentHash);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return clock.Elapsed;
    }

    public static async Task<TimeSpan> EdgesAsync(NpgsqlConnection connection, IReadOnlyList<RelationshipRecord> edges, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY stage_edges (src_assembly, src_key, tgt_assembly, tgt_key, relationship_type, file_path, line_number, column_number) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        foreach (var e in edges)
        {
            importer.StartRow();
            Text(importer, e.Source.AssemblyName);
            Text(importer, e.Source.SymbolKey);
            Text(importer, e.Target.AssemblyName);
            Text(importer, e.Target.SymbolKey);
            Text(importer, e.Type);
            Text(importer, e.Site?.FilePath);
            Int(importer, e.Site?.Line);
            Int(importer, e.Site?.Column);
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return clock.Elapsed;
    }

    private static void Text(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Int(NpgsqlBinaryImporter importer, int? value)
    {
        if (value is { } v)
        {
            importer.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            importer.WriteNull();
        }
    }
}
