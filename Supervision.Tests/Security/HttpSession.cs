using System.Net;
using System.Text.RegularExpressions;

namespace Supervision.Tests.Security;

/// <summary>A cookie-keeping HTTP client against a running host that fills in forms the way a browser does.</summary>
public sealed partial class HttpSession : IDisposable
{
    private readonly HttpClient _client;

    public HttpSession(string baseUrl)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Client => _client;

    /// <summary>Posts the sign-in form (with its antiforgery token); returns the response (302 on success).</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string userName, string password)
    {
        var token = await TokenOfAsync("/account/login");
        return await _client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }), TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in and asserts it worked.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        var response = await PostLoginAsync(userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"登录 {userName} 失败：{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/>.</summary>
    public async Task<string> TokenOfAsync(string path)
    {
        var html = await _client.GetStringAsync(path, TestContext.Current.CancellationToken);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "页面上没有防伪令牌");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);
        // Decoded, as a person reads it: Blazor writes Chinese text as character references.
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), response);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
