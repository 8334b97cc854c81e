using System.Net.Http.Json;

namespace CodeIndex.Chroma.Client;

/// <summary>Typed client for ChromaDB's v2 REST API: server health, tenant/database, collections (cosine space) and records.</summary>
public sealed partial class ChromaClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _timeProvider;
    private readonly string _apiRoot;
    private readonly string _databaseRoot;
    private volatile bool _databaseReady;

    /// <summary>A client over a caller-provided <see cref="HttpClient"/> (typed-client pattern); the caller owns it and its connect timeout.</summary>
    public ChromaClient(HttpClient httpClient, ChromaOptions options, TimeProvider? timeProvider = null)
        : this(httpClient, ownsHttp: false, options, timeProvider)
    {
    }

    private ChromaClient(HttpClient httpClient, bool ownsHttp, ChromaOptions options, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = httpClient;
        _ownsHttp = ownsHttp;
        Options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _apiRoot = options.Url.AbsoluteUri.TrimEnd('/') + "/api/v2";
        _databaseRoot = $"{_apiRoot}/tenants/{Uri.EscapeDataString(options.Tenant)}/databases/{Uri.EscapeDataString(options.Database)}";
    }

    /// <summary>The options this client was created with.</summary>
    public ChromaOptions Options { get; }

    /// <summary>A client with its own connection pool honouring <see cref="ChromaOptions.ConnectTimeout"/>.</summary>
    public static ChromaClient Create(ChromaOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        return new ChromaClient(http, ownsHttp: true, options, timeProvider);
    }

    /// <summary>The server's heartbeat in nanoseconds; throws <see cref="ChromaUnreachableException"/> when the server does not answer.</summary>
    public async Task<long> HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, $"{_apiRoot}/heartbeat", null, ChromaJsonContext.Default.HeartbeatResponse, cancellationToken).ConfigureAwait(false);
        return response!.NanosecondHeartbeat;
    }

    /// <summary>The server version, e.g. <c>1.0.0</c>.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{_apiRoot}/version", null, ChromaJsonContext.Default.String, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Creates the configured tenant and database when missing (the defaults always exist); collection creation calls it once per client.</summary>
    public async Task EnsureDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var tenant = $"{_apiRoot}/tenants/{Uri.EscapeDataString(Options.Tenant)}";
        if (await SendAsync(HttpMethod.Get, tenant, null, ChromaJsonContext.Default.NullableJsonElement, cancellationToken, allowNotFound: true).ConfigureAwait(false) is null)
        {
            await CreateAsync($"{_apiRoot}/tenants", Options.Tenant, cancellationToken).ConfigureAwait(false);
        }

        if (await SendAsync(HttpMethod.Get, _databaseRoot, null, ChromaJsonContext.Default.NullableJsonElement, cancellationToken, allowNotFound: true).ConfigureAwait(false) is null)
        {
            await CreateAsync($"{tenant}/databases", Options.Database, cancellationToken).ConfigureAwait(false);
        }

        _databaseReady = true;
    }

    /// <summary>The collection named <paramref name="name"/>, created with <c>hnsw:space = cosine</c> when missing.</summary>
    public async Task<ChromaCollection> GetOrCreateCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_databaseReady)
        {
            await EnsureDatabaseAsync(cancellationToken).ConfigureAwait(false);
        }

        var request = new ChromaWire.CreateCollectionRequest(name, new Dictionary<string, string> { ["hnsw:space"] = "cosine" }, GetOrCreate: true);
        var body = JsonContent.Create(request, ChromaJsonContext.Default.CreateCollectionRequest);
        var response = await SendAsync(HttpMethod.Post, $"{_databaseRoot}/collections", body, ChromaJsonContext.Default.CollectionResponse, cancellationToken).ConfigureAwait(false);
        return ToCollection(response!);
    }

    /// <summary>The collection named <paramref name="name"/>, or null when it does not exist.</summary>
    public async Task<ChromaCollection?> GetCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await SendAsync(HttpMethod.Get, $"{_databaseRoot}/collections/{Uri.EscapeDataString(name)}", null, ChromaJsonContext.Default.CollectionResponse, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return response is null ? null : ToCollection(response);
    }

    /// <summary>Every collection of the configured database (paged).</summary>
    public async Task<IReadOnlyList<ChromaCollection>> ListCollectionsAsync(CancellationToken cancellationToken = default)
    {
        const int PageSize = 100;
        var all = new List<ChromaCollection>();
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await SendAsync(HttpMethod.Get, $"{_databaseRoot}/collections?limit={PageSize}&offset={offset}", null, ChromaJsonContext.Default.ListCollectionResponse, cancellationToken, allowNotFound: true).ConfigureAwait(false);
            all.AddRange((page ?? []).Select(ToCollection));
            if (page is null || page.Count < PageSize)
            {
                return all;
            }
        }
    }

    /// <summary>Deletes the collection named <paramref name="name"/>; false when it did not exist.</summary>
    public async Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await SendAsync(HttpMethod.Delete, $"{_databaseRoot}/collections/{Uri.EscapeDataString(name)}", null, ChromaJsonContext.Default.NullableJsonElement, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return response is not null;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>Creates a tenant or database; 409 (another process created it first) counts as success.</summary>
    private async Task CreateAsync(string url, string name, CancellationToken cancellationToken)
    {
        try
        {
            var body = JsonContent.Create(new ChromaWire.NameRequest(name), ChromaJsonContext.Default.NameRequest);
            await SendAsync(HttpMethod.Post, url, body, ChromaJsonContext.Default.NullableJsonElement, cancellationToken).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.StatusCode == 409)
        {
        }
    }

    private static ChromaCollection ToCollection(ChromaWire.CollectionResponse response) => new(response.Id, response.Name, response.Dimension);

    private string CollectionRoot(ChromaCollection collection) => $"{_databaseRoot}/collections/{Uri.EscapeDataString(collection.Id)}";
}
