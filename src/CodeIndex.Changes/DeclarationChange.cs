namespace CodeIndex.Changes;

/// <summary>A declaration a diff changed: <c>added</c> (head only), <c>deleted</c> (base only) or <c>modified</c> (both, different once comments and whitespace are ignored).</summary>
/// <param name="BasePath">The file on the base side (null for an added file).</param>
/// <param name="HeadPath">The file on the head side (null for a deleted file).</param>
public sealed record DeclarationChange(string Change, string? BasePath, string? HeadPath, Declaration? Base, Declaration? Head)
{
    public Declaration Either => Head ?? Base!;
}

/// <summary>The changes of a diff, and how many touched declarations turned out equal (only comments or whitespace changed).</summary>
public sealed record ChangeSet(IReadOnlyList<DeclarationChange> Changes, int UnchangedTouched, int Files);
