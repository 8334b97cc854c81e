namespace CodeIndex.Chroma.Client;

/// <summary>ChromaDB answered with an error: the HTTP status, Chroma's error type (e.g. <c>NotFoundError</c>) and its message.</summary>
public class ChromaException : Exception
{
    public ChromaException(string message, int? statusCode = null, string? errorType = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>HTTP status of the failed request; null when there was no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>Chroma's <c>error</c> field (e.g. <c>InvalidArgumentError</c>); null when the body was not Chroma's error shape.</summary>
    public string? ErrorType { get; }
}

/// <summary>ChromaDB could not be reached or did not answer in time (connection refused, DNS, connect or request timeout).</summary>
public sealed class ChromaUnreachableException(string message, Exception? inner = null)
    : ChromaException(message, null, null, inner);
