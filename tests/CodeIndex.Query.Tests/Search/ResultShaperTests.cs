namespace CodeIndex.Query.Tests.Search;

/// <summary>Overload grouping, owning-type insertion and graph boosts on hand-made candidates.</summary>
public sealed class ResultShaperTests
{
    // Owner insertion is tested on its own: without the owner share, an owning type gains nothing from its members' scores.
    private static readonly FusionOptions Options = FusionOptions.Default with { OwnerShare = 0, InsertOwnersWithin = int.MaxValue, InsertBestMemberWithin = 0 };

    private static SearchCandidate Candidate(long id, string qualifiedName, string kind = "method", long? owner = null, bool isPublic = false, int incoming = 0,
        string project = "App", string file = "src/A.cs") =>
        new(new SymbolInfo(id, 1, $"K{id}", qualifiedName.Split('.')[^1], qualifiedName, kind, project, file, 1, 1, null, false), isPublic, incoming, owner);

    private static IReadOnlyList<string> Shape(IReadOnlyList<(long, double)> fused, SearchCandidate[] candidates, int limit = 10, SearchCandidate[]? owners = null,
        FusionOptions? options = null) => ShapeHits(fused, candidates, limit, owners, options).Select(h => h.Symbol.QualifiedName).ToList();

    private static IReadOnlyList<SearchHit> ShapeHits(IReadOnlyList<(long, double)> fused, SearchCandidate[] candidates, int limit = 10, SearchCandidate[]? owners = null,
        FusionOptions? options = null)
    {
        var byId = candidates.ToDictionary(c => c.Symbol.Id);
        var ownerMap = (owners ?? []).Concat(candidates).ToDictionary(c => c.Symbol.Id);
        return ResultShaper.Shape(fused, byId, ownerMap, limit, options ?? Options);
    }

    [Fact]
    public void Shape_Overloads_KeepTheBestOfTheGroup()
    {
        var names = Shape([(1, 0.3), (2, 0.2), (3, 0.1)], [Candidate(1, "A.T.Parse"), Candidate(2, "A.T.Parse"), Candidate(3, "A.T.Format")]);

        Assert.Equal(["A.T.Parse", "A.T.Format"], names);
    }

    [Fact]
    public void Shape_SameNameDifferentKind_NotGrouped()
    {
        var names = Shape([(1, 0.3), (2, 0.2)], [Candidate(1, "A.Value", "property"), Candidate(2, "A.Value", "field")]);

        Assert.Equal(2, names.Count);
    }

    [Fact]
    public void Shape_MemberWithUnlistedOwner_OwnerRightAfter()
    {
        var names = Shape([(1, 0.3), (2, 0.2)], [Candidate(1, "A.T.Ignore", "enum_member", owner: 9), Candidate(2, "A.Other")], owners: [Candidate(9, "A.T", "enum")]);

        Assert.Equal(["A.T.Ignore", "A.T", "A.Other"], names);
    }

    [Fact]
    public void Shape_OwnerRankedLower_MovedUpNotRepeated()
    {
        var names = Shape([(1, 0.3), (2, 0.2), (9, 0.1)], [Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.Other"), Candidate(9, "A.T", "class")]);

        Assert.Equal(["A.T.M", "A.T", "A.Other"], names);
    }

    [Fact]
    public void Shape_OwnerListedBefore_NotInsertedAgain()
    {
        var names = Shape([(9, 0.4), (1, 0.3)], [Candidate(9, "A.T", "class"), Candidate(1, "A.T.M", owner: 9)]);

        Assert.Equal(["A.T", "A.T.M"], names);
    }

    [Fact]
    public void Shape_OwnerFilteredOut_NotInserted()
    {
        var names = Shape([(1, 0.3)], [Candidate(1, "A.T.M", owner: 9)]);

        Assert.Equal(["A.T.M"], names);
    }

    [Fact]
    public void Shape_Limit_CountsInsertedOwners()
    {
        var names = Shape([(1, 0.3), (2, 0.2)], [Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.Other")], limit: 2, owners: [Candidate(9, "A.T", "class")]);

        Assert.Equal(["A.T.M", "A.T"], names);
    }

    [Fact]
    public void Shape_PublicAndReferenced_BoostedAboveEqualScore()
    {
        var names = Shape([(1, 0.2), (2, 0.2), (3, 0.2)],
            [Candidate(1, "A.Plain"), Candidate(2, "A.Public", isPublic: true), Candidate(3, "A.Referenced", incoming: 100)]);

        Assert.Equal(["A.Referenced", "A.Public", "A.Plain"], names);
    }

    [Fact]
    public void Shape_FilteredCandidates_Dropped()
    {
        var byId = new Dictionary<long, SearchCandidate> { [2] = Candidate(2, "A.Kept") };

        var hits = ResultShaper.Shape([(1, 0.5), (2, 0.1)], byId, byId, 10, Options);

        Assert.Equal(["A.Kept"], hits.Select(h => h.Symbol.QualifiedName));
    }

    [Fact]
    public void Shape_InsertionOff_OwnerNotInserted()
    {
        var names = Shape([(1, 0.3), (2, 0.2)], [Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.Other")], owners: [Candidate(9, "A.T", "class")],
            options: Options with { InsertOwnersWithin = 0 });

        Assert.Equal(["A.T.M", "A.Other"], names);
    }

    [Fact]
    public void Shape_InsertWithinFirstHit_OnlyTheFirstMemberGetsItsOwner()
    {
        var names = Shape([(1, 0.3), (2, 0.2)], [Candidate(1, "A.T.M", owner: 9), Candidate(2, "B.U.N", owner: 8)],
            owners: [Candidate(9, "A.T", "class"), Candidate(8, "B.U", "class")], options: Options with { InsertOwnersWithin = 1 });

        Assert.Equal(["A.T.M", "A.T", "B.U.N"], names);
    }

    [Fact]
    public void Shape_OwnerShare_TypeGainsItsBestMembersScore()
    {
        // T matched weakly itself (0.1); its members M (0.3) and N (0.2): T gains the best member's share (0.5 × 0.3), not the sum.
        var hits = ShapeHits([(1, 0.3), (2, 0.2), (9, 0.1), (3, 0.24)],
            [Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.T.N", owner: 9), Candidate(9, "A.T", "class"), Candidate(3, "A.Other", "class")],
            options: Options with { OwnerShare = 0.5, InsertOwnersWithin = 0 });

        Assert.Equal(["A.T.M", "A.T", "A.Other", "A.T.N"], hits.Select(h => h.Symbol.QualifiedName));
        Assert.Equal(0.1 + (0.5 * 0.3), hits[1].Score, 12);
    }

    [Fact]
    public void Shape_OwnerShareOfOne_TypeListedBeforeItsMember()
    {
        var names = Shape([(1, 0.3), (2, 0.2)], [Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.Other", "class")], owners: [Candidate(9, "A.T", "class")],
            options: FusionOptions.Default with { OwnerShare = 1, PublicBoost = 0, ReferenceBoost = 0 });

        Assert.Equal(["A.T", "A.T.M", "A.Other"], names);
    }

    [Fact]
    public void Shape_Scores_NeverIncreaseDownTheList()
    {
        var hits = ShapeHits([(1, 0.3), (2, 0.25), (3, 0.2), (9, 0.01)],
            [Candidate(1, "A.T.M", owner: 9), Candidate(2, "B.X", "class", isPublic: true), Candidate(3, "C.U.N", owner: 8), Candidate(9, "A.T", "class")],
            owners: [Candidate(8, "C.U", "class")], options: FusionOptions.Default);

        Assert.Equal(5, hits.Count);
        Assert.All(hits.Zip(hits.Skip(1)), p => Assert.True(p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Shape_TestCode_DemotedBelowProductCode()
    {
        // The test scores higher before demotion (0.3 vs 0.2); × 0.5 puts it below the product type, but it stays listed.
        var names = Shape([(1, 0.3), (2, 0.2)],
            [Candidate(1, "App.Tests.RetryTests", "class", project: "App.Tests", file: "tests/App.Tests/RetryTests.cs"), Candidate(2, "App.Retry", "class")],
            options: Options with { PublicBoost = 0, ReferenceBoost = 0, SupportCodeFactor = 0.5 });

        Assert.Equal(["App.Retry", "App.Tests.RetryTests"], names);
    }

    [Fact]
    public void Shape_SupportCodeFactorOne_NoDemotion()
    {
        var names = Shape([(1, 0.3), (2, 0.2)],
            [Candidate(1, "App.Tests.RetryTests", "class", project: "App.Tests", file: "tests/App.Tests/RetryTests.cs"), Candidate(2, "App.Retry", "class")],
            options: Options with { PublicBoost = 0, ReferenceBoost = 0, SupportCodeFactor = 1 });

        Assert.Equal(["App.Tests.RetryTests", "App.Retry"], names);
    }

    [Fact]
    public void Shape_TypeLeadingThroughItsMember_MemberRightAfter()
    {
        // T has 0.1 of its own + 1.0 × M's 0.3 = 0.4: it leads, and M (0.3) is pulled up right after it, above Other (0.35).
        var hits = ShapeHits([(1, 0.3), (2, 0.35), (9, 0.1)], [Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.Other"), Candidate(9, "A.T", "class")],
            options: Options with { OwnerShare = 1, InsertOwnersWithin = 0, InsertBestMemberWithin = 5, PublicBoost = 0, ReferenceBoost = 0 });

        Assert.Equal(["A.T", "A.T.M", "A.Other"], hits.Select(h => h.Symbol.QualifiedName));
        Assert.Equal(hits[0].Score, hits[1].Score); // the inserted member carries its type's score
    }

    [Fact]
    public void Shape_BestMemberInsertion_OnlyWithinTheFirstN()
    {
        // T is listed second (after Top): with insertion limited to the first hit, M keeps its own place below Other.
        var names = Shape([(3, 0.9), (1, 0.3), (2, 0.35), (9, 0.1)],
            [Candidate(3, "A.Top"), Candidate(1, "A.T.M", owner: 9), Candidate(2, "A.Other"), Candidate(9, "A.T", "class")],
            options: Options with { OwnerShare = 1, InsertOwnersWithin = 0, InsertBestMemberWithin = 1, PublicBoost = 0, ReferenceBoost = 0 });

        Assert.Equal(["A.Top", "A.T", "A.Other", "A.T.M"], names);
    }

    [Fact]
    public void Shape_PartialOwnerShare_AddsThatShareOfTheBestMember()
    {
        var hits = ShapeHits([(1, 0.4), (4, 0.2), (9, 0.1)], [Candidate(1, "A.T.M", owner: 9), Candidate(4, "A.T.N", owner: 9), Candidate(9, "A.T", "class")],
            options: Options with { OwnerShare = 0.3, InsertOwnersWithin = 0, PublicBoost = 0, ReferenceBoost = 0 });

        Assert.Equal(0.1 + 0.3 * 0.4, hits.Single(h => h.Symbol.QualifiedName == "A.T").Score, 12);
    }
}
