using System.Text;
using Microsoft.Net.Http.Headers;

namespace Supervision.Web.Security;

/// <summary>
/// File downloads with Chinese names. The header carries an ASCII fallback <c>filename="…"</c> (non-ASCII replaced
/// by '_', quotes and control characters removed, so a crafted name cannot inject header parameters) and the real
/// name as RFC 5987/6266 <c>filename*=UTF-8''…</c>, which every current browser prefers.
/// </summary>
public static class Downloads
{
    /// <summary>The Content-Disposition value for <paramref name="fileName"/>.</summary>
    /// <param name="inline">Show in the browser (PDF preview) instead of saving.</param>
    public static string ContentDisposition(string fileName, bool inline = false)
    {
        var name = Sanitize(fileName);
        return $"{(inline ? "inline" : "attachment")}; filename=\"{AsciiFallback(name)}\"; filename*=UTF-8''{Rfc5987(name)}";
    }

    /// <summary>A file result whose name survives in every browser; never cached (the data may be confidential).</summary>
    public static IResult File(HttpContext http, byte[] content, string contentType, string fileName, bool inline = false)
    {
        http.Response.Headers[HeaderNames.ContentDisposition] = ContentDisposition(fileName, inline);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(content, contentType);
    }

    /// <summary>A name safe for any file system: path separators, control characters and reserved marks removed.</summary>
    public static string Sanitize(string fileName)
    {
        var builder = new StringBuilder(fileName.Length);
        foreach (var c in Path.GetFileName(fileName.Replace('\\', '/')))
        {
            if (char.IsControl(c) || c is '"' or '/' or '\\' or ':' or '*' or '?' or '<' or '>' or '|')
                continue;
            builder.Append(c);
        }

        var result = builder.ToString().Trim().TrimStart('.');
        return result.Length == 0 ? "download" : result;
    }

    private static string AsciiFallback(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
            builder.Append(c is >= ' ' and <= '~' and not '"' and not '\\' and not ';' and not '%' ? c : '_');
        return builder.ToString();
    }

    // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~";
    // everything else is percent-encoded UTF-8 (so （）、and spaces are encoded too).
    private static string Rfc5987(string name)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c))
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
