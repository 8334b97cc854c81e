using System.Text;
using CodeIndex.Core.Model;

namespace CodeIndex.Extraction.Tests.Support;

/// <summary>Readable rendering of an extraction (batches in order, symbols with their fields, relationships with sites) for golden-file tests.</summary>
internal static class SnapshotRenderer
{
    public static string Render(IReadOnlyList<ExtractionBatch> batches)
    {
        var text = new StringBuilder();
        foreach (var batch in batches)
        {
            text.Append("## batch ").AppendLine(batch.FilePath ?? "(no file)");
            foreach (var s in batch.Symbols)
            {
                text.Append("symbol ").Append(s.Kind).Append(' ').Append(s.SymbolKey).Append(" [").Append(s.AssemblyName).Append(s.AssemblyVersion is null ? "" : " " + s.AssemblyVersion).Append(']').AppendLine();
                text.Append("  name=").Append(s.Name).Append(" qualified=").Append(s.QualifiedName).Append(" project=").Append(s.Project).AppendLine();
                text.Append("  signature=").AppendLine(s.Signature);
                text.Append("  visibility=").Append(s.Visibility).Append(" modifiers=").Append(s.Modifiers).Append(" external=").Append(s.IsExternal).AppendLine();
                if (s.Documentation is not null)
                {
                    text.Append("  doc=").AppendLine(s.Documentation);
                }

                if (s.BodyWords is not null)
                {
                    text.Append("  body=").AppendLine(s.BodyWords);
                }

                foreach (var l in s.Locations)
                {
                    text.Append("  at ").Append(l.FilePath).Append(':').Append(l.Line).Append(':').Append(l.Column).Append('-').Append(l.EndLine).Append(':').Append(l.EndColumn).AppendLine();
                }
            }

            foreach (var r in batch.Relationships)
            {
                text.Append(r.Type).Append(' ').Append(r.Source.SymbolKey).Append(" -> ").Append(r.Target.SymbolKey);
                if (r.Site is { } site)
                {
                    text.Append(" @").Append(site.Line).Append(':').Append(site.Column);
                }

                if (r.Access is not null)
                {
                    text.Append(' ').Append(r.Access);
                }

                if (r.IsImplicit)
                {
                    text.Append(" implicit");
                }

                if (r.IsCandidate)
                {
                    text.Append(" candidate");
                }

                text.AppendLine();
            }
        }

        return text.ToString().ReplaceLineEndings("\n");
    }
}
