using CodeIndex.Embeddings;
using CodeIndex.Testing;
using CodeIndex.Vectors.Pipeline;
using Npgsql;

namespace CodeIndex.Query.Tests.Search.Support;

/// <summary>One migrated database with a small documented corpus embedded by the real USE-lite model, and a second copy left unembedded.</summary>
public sealed class SearchCorpus : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private CorpusBuilder? _embedded;
    private CorpusBuilder? _unembedded;

    public NpgsqlDataSource DataSource => _database.DataSource;

    public OnnxTextEmbedder Embedder { get; private set; } = null!;

    /// <summary>The repository whose vectors are all computed.</summary>
    public long RepositoryId => _embedded!.RepositoryId;

    /// <summary>The same corpus in a repository nobody ran the embedding pipeline for.</summary>
    public long UnembeddedRepositoryId => _unembedded!.RepositoryId;

    /// <summary>Embeddable symbols (all of them: no namespaces, no external symbols) per repository.</summary>
    public int SymbolCount { get; private set; }

    /// <summary>Id of a symbol of the embedded repository by qualified name.</summary>
    public long Id(string qualifiedName) => _embedded!.Ids[qualifiedName];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Embedder = OnnxTextEmbedder.Load(ModelPaths.UseLite);
        _embedded = await CorpusBuilder.CreateAsync(DataSource);
        SymbolCount = await WriteAsync(_embedded);
        _unembedded = await CorpusBuilder.CreateAsync(DataSource);
        await WriteAsync(_unembedded);
        var run = await new EmbeddingPipeline(DataSource, Embedder).RunAsync(_embedded.RepositoryId);
        if (run.Pending != 0)
        {
            throw new InvalidOperationException($"Expected every corpus symbol embedded, but {run.Pending} are pending.");
        }
    }

    public async Task DisposeAsync()
    {
        Embedder?.Dispose();
        await _database.DisposeAsync();
    }

    /// <summary>The corpus; returns the number of symbols written.</summary>
    private static async Task<int> WriteAsync(CorpusBuilder c)
    {
        var json = await c.TypeAsync("Shop.Json.JsonSerializer", "Converts objects to and from JSON text.");
        await c.MemberAsync(json, "Shop.Json.JsonSerializer.Deserialize", "Reads JSON text and returns a typed object.", parameters: "(System.String)");
        await c.MemberAsync(json, "Shop.Json.JsonSerializer.Deserialize", "Reads JSON text and returns a typed object.", parameters: "(System.IO.Stream)");
        var serialize = await c.MemberAsync(json, "Shop.Json.JsonSerializer.Serialize", "Writes an object as JSON text.");

        var merger = await c.TypeAsync("Shop.Data.RecordMerger", "Copies the values of one instance onto another.");
        await c.MemberAsync(merger, "Shop.Data.RecordMerger.Merge", "Copies the values of one instance onto another.");

        var handling = await c.TypeAsync("Shop.Json.NullValueHandling", "How null members are written.", kind: "enum");
        await c.MemberAsync(handling, "Shop.Json.NullValueHandling.Ignore", "Null members are left out of the output.", kind: "enum_member");
        await c.MemberAsync(handling, "Shop.Json.NullValueHandling.Include", "Null members are written as null.", kind: "enum_member");

        var users = await c.TypeAsync("Shop.Users.UserRepository", "Stores and loads customer accounts.");
        var byId = await c.MemberAsync(users, "Shop.Users.UserRepository.GetUserByIdAsync", "Returns the account with the given key, or nothing.");

        var pool = await c.TypeAsync("Shop.Data.ConnectionPool", "Keeps open database connections for reuse.", project: "Data", file: "src/Data/ConnectionPool.cs");
        var rent = await c.MemberAsync(pool, "Shop.Data.ConnectionPool.Rent", "Takes an open connection from the pool.", project: "Data", file: "src/Data/ConnectionPool.cs");
        var lease = await c.TypeAsync("Shop.Data.LeaseTracker", "Records when the rent of a connection expires.", project: "Data", file: "src/Data/LeaseTracker.cs");

        var temperature = await c.TypeAsync("Shop.Units.TemperatureConverter", "Unit conversions for thermometer readings.");
        await c.MemberAsync(temperature, "Shop.Units.TemperatureConverter.CelsiusToFahrenheit", "Converts degrees Celsius to degrees Fahrenheit.");

        var mail = await c.TypeAsync("Shop.Notifications.EmailSender", "Delivers notifications to customers.");
        await c.MemberAsync(mail, "Shop.Notifications.EmailSender.SendEmail", "Sends an e-mail message through the SMTP server.");

        var images = await c.TypeAsync("Shop.Media.ImageResizer", "Produces thumbnails of product photos.");
        await c.MemberAsync(images, "Shop.Media.ImageResizer.Resize", "Scales a picture to the requested width and height.");

        // Undocumented beyond a few words: found by its body (identifiers, an error message, a setting name).
        var launcher = await c.TypeAsync("Shop.Hosting.ClusterLauncher", "Runs the bundled server.");
        await c.MemberAsync(launcher, "Shop.Hosting.ClusterLauncher.Launch", "Begins.",
            body: "ProcessStartInfo FileName pg_ctl Arguments shared_preload_libraries The cluster did not answer within the timeout");

        // Graph: the serializer and the repository are used from several places.
        await c.EdgeAsync(byId, serialize, "calls");
        await c.EdgeAsync(rent, serialize, "calls");
        await c.EdgeAsync(lease, pool);
        return c.Ids.Count + 1; // both Deserialize overloads share one qualified name
    }
}

/// <summary>Test classes that share one <see cref="SearchCorpus"/> (one database, one model load).</summary>
[CollectionDefinition(Name)]
public sealed class SearchCorpusCollection : ICollectionFixture<SearchCorpus>
{
    public const string Name = "search corpus";
}
