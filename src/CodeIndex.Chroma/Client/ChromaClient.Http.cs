using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CodeIndex.Chroma.Client;

/// <summary>One request with the configured timeout, mapping failures to <see cref="ChromaException"/> / <see cref="ChromaUnreachableException"/>.</summary>
public sealed partial class ChromaClient
{
    private async Task<T?> SendAsync<T>(HttpMethod method, string url, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        using var timeout = new CancellationTokenSource(Options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
            {
                return default;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(method, url, response, linked.Token).ConfigureAwait(false);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, responseType, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChromaUnreachableException($"ChromaDB at {Options.Url} did not answer {method} {Path(url)} within {Options.RequestTimeout.TotalSeconds:0.###} s.", e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new ChromaUnreachableException($"ChromaDB at {Options.Url} is not reachable ({e.Message}). To fix this, start the server (chroma run --path DIR --port PORT) or check the URL.", e);
        }
        catch (IOException e)
        {
            throw new ChromaUnreachableException($"ChromaDB at {Options.Url} dropped the connection during {method} {Path(url)}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new ChromaException($"ChromaDB at {Options.Url} sent an unexpected answer to {method} {Path(url)}: {e.Message}", null, null, e);
        }
    }

    private static async Task<ChromaException> ErrorAsync(HttpMethod method, string url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ChromaWire.ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, ChromaJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            // Not Chroma's error shape (a proxy page, for example): report the raw text below.
        }

        var message = error?.Message ?? (text.Length > 500 ? text[..500] : text);
        return new ChromaException($"ChromaDB rejected {method} {Path(url)} with {status} {error?.Error ?? response.ReasonPhrase}: {message}", status, error?.Error);
    }

    private static string Path(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
}
