using CodeIndex.Core.Errors;

namespace CodeIndex.Chroma.Client;

/// <summary>Where the ChromaDB server is and how long to wait for it; parsed once at start and validated (all problems reported together).</summary>
/// <param name="Url">Server base address, e.g. <c>http://localhost:8000</c> (the REST API is under <c>/api/v2</c>).</param>
/// <param name="ConnectTimeout">Longest wait to open a TCP connection (default 2 s): an unreachable server fails fast.</param>
/// <param name="RequestTimeout">Longest wait for one request, body included (default 30 s).</param>
/// <param name="Tenant">Chroma tenant (default <c>default_tenant</c>).</param>
/// <param name="Database">Chroma database (default <c>default_database</c>).</param>
/// <param name="MaxBatchSize">Most records per upsert/delete/get request (default 1000; the 1.0 server accepts up to 5461).</param>
public sealed record ChromaOptions(
    Uri Url,
    TimeSpan ConnectTimeout,
    TimeSpan RequestTimeout,
    string Tenant = ChromaOptions.DefaultTenant,
    string Database = ChromaOptions.DefaultDatabase,
    int MaxBatchSize = ChromaOptions.DefaultMaxBatchSize)
{
    /// <summary>Environment variable read when <c>--chroma</c> is not given.</summary>
    public const string EnvironmentVariable = "CODEINDEX_CHROMA";

    public const string DefaultTenant = "default_tenant";
    public const string DefaultDatabase = "default_database";
    public const int DefaultMaxBatchSize = 1000;
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Options with default timeouts for <paramref name="url"/>.</summary>
    public ChromaOptions(Uri url)
        : this(url, DefaultConnectTimeout, DefaultRequestTimeout)
    {
    }

    /// <summary>Options from <c>--chroma</c> (wins) or <c>CODEINDEX_CHROMA</c>; null when neither is set. Throws <see cref="UserInputException"/> for an invalid URL.</summary>
    public static ChromaOptions? FromEnvironment(string? cliValue) =>
        FromEnvironment(cliValue, Environment.GetEnvironmentVariable);

    /// <summary>Like <see cref="FromEnvironment(string?)"/>, but a missing URL is a usage error (exit 2) telling how to configure one.</summary>
    public static ChromaOptions Require(string? cliValue) =>
        FromEnvironment(cliValue) ?? throw new UserInputException(
            "chroma_not_configured",
            $"No ChromaDB server is configured. To fix this, pass --chroma http://localhost:8000 or set {EnvironmentVariable}.");

    internal static ChromaOptions? FromEnvironment(string? cliValue, Func<string, string?> getEnvironment)
    {
        var source = "--chroma";
        var value = cliValue;
        if (string.IsNullOrWhiteSpace(value))
        {
            source = EnvironmentVariable;
            value = getEnvironment(EnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url))
        {
            throw new UserInputException("chroma_url_invalid", $"{source} is not an absolute URL: '{value}'. To fix this, use a URL like http://localhost:8000.");
        }

        var options = new ChromaOptions(url);
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="UserInputException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"URL must be an absolute http or https address, got '{Url}'");
        }

        if (!string.IsNullOrEmpty(Url.Query) || !string.IsNullOrEmpty(Url.Fragment))
        {
            errors.Add($"URL must not have a query or fragment, got '{Url}'");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"connect timeout must be positive, got {ConnectTimeout}");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"request timeout must be positive, got {RequestTimeout}");
        }

        if (string.IsNullOrWhiteSpace(Tenant) || string.IsNullOrWhiteSpace(Database))
        {
            errors.Add("tenant and database must not be empty");
        }

        if (MaxBatchSize is < 1 or > 5461)
        {
            errors.Add($"max batch size must be 1..5461, got {MaxBatchSize}");
        }

        if (errors.Count > 0)
        {
            throw new UserInputException("chroma_options_invalid", "Invalid ChromaDB settings: " + string.Join("; ", errors) + ".");
        }
    }
}
