using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansEio.Tests.Infrastructure;

namespace OrleansEio.Tests.Deploy;

/// <summary>
/// deploy/grafana/orleanseio.json read as Grafana reads it: its panels' PromQL expressions, and the metric names those
/// name. The scrape test holds the names against what a real Prometheus scraped from the cluster.
/// </summary>
internal sealed partial class GrafanaDashboard(JsonElement root)
{
    public static string File { get; } = Path.Combine(Repository.Root, "deploy", "grafana", "orleanseio.json");

    private static readonly HashSet<string> Keywords =
        ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    public JsonElement Root => root;

    public static GrafanaDashboard Load()
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File));
        return new GrafanaDashboard(document.RootElement.Clone());
    }

    /// <summary>Every panel that shows data (rows hold none), with the rows' nested panels.</summary>
    public IEnumerable<JsonElement> Panels()
        => root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p])
            .Where(p => p.GetProperty("type").GetString() != "row");

    public IEnumerable<string> Expressions()
        => Panels().SelectMany(p => p.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : [])
            .Select(t => t.GetProperty("expr").GetString()!);

    public HashSet<string> MetricNames() => Expressions().SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The metric names of one PromQL expression: what is left once strings, label matchers, ranges, Grafana's variables and
    /// grouping clauses are gone, less functions and aggregations (a name before a parenthesis) and keywords.
    /// </summary>
    public static IEnumerable<string> MetricNames(string expression)
    {
        var bare = Strings().Replace(expression, " ");
        bare = Matchers().Replace(bare, " ");
        bare = Ranges().Replace(bare, " ");
        bare = Grouping().Replace(bare, " ");
        return Identifiers().Matches(bare).Select(m => m.Value).Where(name => !Keywords.Contains(name)).Distinct();
    }

    /// <summary>The family of an exposed name: without the suffixes Prometheus' exposition adds to counters and histograms.</summary>
    public static string Family(string name) => Suffix().Replace(name, string.Empty);

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    // A name not preceded by a word character, a dot or '$' (numbers, durations, Grafana variables), and not a call.
    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][\w:]*\b(?!\s*\()")]
    private static partial Regex Identifiers();

    [GeneratedRegex("_(total|created|bucket|sum|count)$")]
    private static partial Regex Suffix();
}
