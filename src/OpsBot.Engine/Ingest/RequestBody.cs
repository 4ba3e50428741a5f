using Microsoft.AspNetCore.Http;

namespace OpsBot.Ingest;

/// <summary>Reads a request body up to a limit, for every endpoint that must see the raw bytes (signatures are over them).</summary>
public static class RequestBody
{
    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger (a chunked body has no Content-Length to check first).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
