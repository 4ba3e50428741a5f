using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Tests.Integration;
using OpsBot.WebConsole;

namespace OpsBot.Tests.WebConsole;

public class TmpSmokeTests
{
    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRouting();
            app.UseEndpoints(e => e.MapConsole());
            next(app);
        };
    }

    [Fact]
    public async Task Token()
    {
        using var factory = new OpsBotFactory(new() { ["Console:Token"] = "tok" });
        var f = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, Filter>()));
        var client = f.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var r = await client.GetAsync("/console/audit?token=tok&before=5");
        global::System.Console.WriteLine($"/console T1 {(int)r.StatusCode} {r.Headers.Location}");
        r = await client.GetAsync("/console/audit?before=5");
        global::System.Console.WriteLine($"/console T2 {(int)r.StatusCode}");
        var anon = f.CreateClient();
        r = await anon.GetAsync("/console");
        global::System.Console.WriteLine($"/console T3 {(int)r.StatusCode}");
    }

    [Fact]
    public async Task Smoke()
    {
        using var factory = new OpsBotFactory();
        var f = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddTransient<IStartupFilter, Filter>()));
        var client = f.CreateClient();
        foreach (var path in new[] { "/console", "/console/", "/console/silences", "/console/audit", "/console/reports", "/console/reports/nosuch/this",
            "/console/reports/ops/2026-W99" , "/console/reports/ops/this", "/console/reports/ops/2026-W48.csv", "/console/reports/ops/last.json"})
        {
            var r = await client.GetAsync(path);
            var body = await r.Content.ReadAsStringAsync();
            global::System.Console.WriteLine($"{path} {(int)r.StatusCode} {r.Content.Headers.ContentType} CSP={string.Join(",", r.Headers.TryGetValues("Content-Security-Policy", out var v) ? v : [])} {body.Length} {body[..Math.Min(200, body.Length)].Replace("\n"," ")}");
        }
    }
}
