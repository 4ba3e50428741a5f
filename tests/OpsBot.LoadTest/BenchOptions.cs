using System.Globalization;

namespace OpsBot.LoadTest;

public enum TargetKind { OpsBot, Alertmanager }

/// <summary>Command-line settings. Every run is bounded: by --duration, --total, and always by --max-duration.</summary>
public sealed class BenchOptions
{
    public string Command { get; set; } = "run";
    public TargetKind Target { get; set; } = TargetKind.OpsBot;
    /// <summary>Targets of a run; several are taken in turn, one request each (replicas behind no load balancer).</summary>
    public List<Uri> Urls { get; } = [];
    public Uri? Url => Urls.Count > 0 ? Urls[0] : null;
    /// <summary>Sent as "Authorization: Bearer …" with every webhook (OpsBot's Ingest:Alertmanager:BearerToken).</summary>
    public string? BearerToken { get; set; }
    /// <summary>A Slack stand-in (the fake-slack command): after the run, time from each alert's webhook to its card's post.</summary>
    public Uri? ChatStandIn { get; set; }
    public TimeSpan ChatTimeout { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>fake-slack: the loopback port to listen on.</summary>
    public int Port { get; set; }
    public int Fingerprints { get; set; } = 10_000;
    public int Concurrency { get; set; } = 32;
    public TimeSpan? Duration { get; set; }
    public long? Total { get; set; }
    public int Batch { get; set; } = 10;
    public double? Rate { get; set; }
    public int ResolvedPercent { get; set; } = 10;
    public int Rounds { get; set; } = 3;
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(3);
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(10);
    public bool Spawn { get; set; }
    /// <summary>Number of the first alert of the stream, so a second run can continue where a first one stopped.</summary>
    public long FirstAlert { get; set; }
    /// <summary>Processes whose CPU and memory the report adds up (--pid, once per process).</summary>
    public List<int> Pids { get; } = [];
    public string? OpsBotDll { get; set; }
    public string AlertmanagerPath { get; set; } = "/usr/bin/prometheus-alertmanager";

    /// <summary>A run with neither a duration nor a total runs for 20 s, the default.</summary>
    public TimeSpan EffectiveDuration => Duration ?? (Total is null ? TimeSpan.FromSeconds(20) : MaxDuration);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal)) options.Command = args[i++];
        for (; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--target": options.Target = ParseTarget(Value()); break;
                case "--url":
                    // Repeatable, or comma-separated: requests go to each in turn.
                    foreach (var url in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        options.Urls.Add(LoopbackOnly(url));
                    break;
                case "--bearer-token": options.BearerToken = Value(); break;
                case "--bearer-token-file": options.BearerToken = File.ReadAllText(Value()).Trim(); break;
                case "--chat-stand-in": options.ChatStandIn = LoopbackOnly(Value()); break;
                case "--chat-timeout": options.ChatTimeout = ParseDuration(Value()); break;
                case "--port": options.Port = Positive(name, Value()); break;
                case "--fingerprints": options.Fingerprints = Positive(name, Value()); break;
                case "--concurrency": options.Concurrency = Positive(name, Value()); break;
                case "--duration": options.Duration = ParseDuration(Value()); break;
                case "--total": options.Total = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--batch": options.Batch = Positive(name, Value()); break;
                case "--rate": options.Rate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--resolved-percent": options.ResolvedPercent = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rounds": options.Rounds = Positive(name, Value()); break;
                case "--warmup": options.Warmup = ParseDuration(Value()); break;
                case "--max-duration": options.MaxDuration = ParseDuration(Value()); break;
                case "--drain-timeout": options.DrainTimeout = ParseDuration(Value()); break;
                case "--spawn": options.Spawn = true; break;
                case "--first-alert": options.FirstAlert = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--pid": options.Pids.Add(Positive(name, Value())); break;
                case "--opsbot-dll": options.OpsBotDll = Value(); break;
                case "--alertmanager": options.AlertmanagerPath = Value(); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (options.Command is not ("run" or "compare" or "fake-slack")) throw new ArgumentException($"unknown command '{options.Command}'");
        if (options.Command == "fake-slack" && options.Port is 0) throw new ArgumentException("fake-slack needs --port N");
        if (options.Urls.Count > 1 && options.Spawn) throw new ArgumentException("--spawn starts one target; several --url need servers of your own");
        if (options.Command == "run" && options.Url is null && !options.Spawn)
            throw new ArgumentException("run needs --url http://127.0.0.1:PORT or --spawn");
        if (options.Total is <= 0) throw new ArgumentException("--total must be positive");
        if (options.Rate is <= 0) throw new ArgumentException("--rate must be positive");
        if (options.ResolvedPercent is < 0 or > 50) throw new ArgumentException("--resolved-percent must be 0..50");
        if (options.Batch > 1000) throw new ArgumentException("--batch must be at most 1000");
        return options;
    }

    /// <summary>"20s", "2m", "500ms", or plain seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        if (text.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(Number(text[..^2]));
        if (text.EndsWith('s')) return TimeSpan.FromSeconds(Number(text[..^1]));
        if (text.EndsWith('m')) return TimeSpan.FromMinutes(Number(text[..^1]));
        if (text.EndsWith('h')) return TimeSpan.FromHours(Number(text[..^1]));
        return TimeSpan.FromSeconds(Number(text));
    }

    private static TargetKind ParseTarget(string text) => text.ToLowerInvariant() switch
    {
        "opsbot" => TargetKind.OpsBot,
        "alertmanager" or "am" => TargetKind.Alertmanager,
        _ => throw new ArgumentException($"--target must be opsbot or alertmanager, got '{text}'"),
    };

    /// <summary>The benchmark floods whatever it points at, so it refuses anything but this machine's loopback.</summary>
    private static Uri LoopbackOnly(string text)
    {
        var uri = new Uri(text.TrimEnd('/') + "/");
        if (uri.Host != "127.0.0.1") throw new ArgumentException($"--url must be http://127.0.0.1:PORT, got '{text}'");
        return uri;
    }

    private static int Positive(string name, string text) =>
        int.Parse(text, CultureInfo.InvariantCulture) is > 0 and var value ? value : throw new ArgumentException($"{name} must be positive");

    public const string Usage = """
        usage:
          OpsBot.LoadTest run --target opsbot|alertmanager (--url http://127.0.0.1:PORT | --spawn) [options]
          OpsBot.LoadTest compare [options]        starts Alertmanager and OpsBot, alternates rounds, prints a table
          OpsBot.LoadTest fake-slack --port N      a Slack Web API stand-in on 127.0.0.1:N (chat.postMessage, chat.update)
                                                   that notes when each alert's card arrives; GET /arrivals lists them
        options:
          --fingerprints N (10000)  --concurrency C (32)  --batch B (10)  --duration 20s | --total N
          --rate ALERTS_PER_S (open loop)  --resolved-percent P (10)  --rounds R (3, compare)  --warmup 3s
          --max-duration 30m  --drain-timeout 10m  --first-alert N (0)  --pid PID (report its CPU and RSS; repeatable, summed)
          --opsbot-dll PATH  --alertmanager PATH
          --url URL[,URL…] (repeatable: several replicas, one request each in turn)
          --bearer-token TOKEN | --bearer-token-file PATH   (Authorization: Bearer on every webhook)
          --chat-stand-in http://127.0.0.1:PORT  (a fake-slack: also report webhook-to-chat-post latency)  --chat-timeout 2m
        """;
}
