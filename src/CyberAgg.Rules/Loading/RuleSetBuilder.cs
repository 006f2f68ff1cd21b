using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Detection.Compilation;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Loading;

/// <summary>Collects rule files, then compiles them together so correlations can reference any of them.</summary>
public sealed class RuleSetBuilder
{
    private readonly RuleLoadOptions _options;
    private readonly List<ParsedDocument> _documents = [];
    private readonly List<RuleDiagnostic> _diagnostics = [];
    private int _failedDocuments;
    private int _attemptedDocuments;

    public RuleSetBuilder(RuleLoadOptions? options = null)
    {
        _options = options ?? RuleLoadOptions.Default;
    }

    /// <summary>Adds every <c>*.yml</c> and <c>*.yaml</c> file under <paramref name="directory"/>, in a stable order.</summary>
    public RuleSetBuilder AddDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            Fail(directory, null, null, RuleErrorCodes.IoError, "directory does not exist");
            return this;
        }

        var files = Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            AddFile(file);
        }

        return this;
    }

    public RuleSetBuilder AddFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > _options.MaxRuleFileChars * 4L)
            {
                Fail(path, null, null, RuleErrorCodes.InputTooLarge, $"file has {info.Length} bytes, far over the rule size limit");
                return this;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(path, null, null, RuleErrorCodes.IoError, ex.Message);
            return this;
        }

        return AddYaml(text, path);
    }

    /// <summary>Adds rule text; <paramref name="source"/> names it in diagnostics.</summary>
    public RuleSetBuilder AddYaml(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        List<YamlValue> documents;
        try
        {
            documents = YamlReader.ReadDocuments(yaml, _options);
        }
        catch (RuleCompileException ex)
        {
            Fail(source, null, null, ex.Code, ex.Message);
            return this;
        }

        for (var i = 0; i < documents.Count; i++)
        {
            switch (documents[i])
            {
                case YamlMap map:
                    _attemptedDocuments++;
                    _documents.Add(new ParsedDocument(map, source, i));
                    break;
                case YamlScalar { IsNull: true }:
                    // An empty document, e.g. after a trailing '---', holds no rule.
                    break;
                default:
                    Fail(source, null, null, RuleErrorCodes.InvalidStructure, $"document {i + 1} is not a map ({documents[i].Position})");
                    break;
            }
        }

        return this;
    }

    public RuleSet Build()
    {
        var failed = _failedDocuments;
        var diagnostics = new List<RuleDiagnostic>(_diagnostics);
        var detections = new List<DetectionRule>();
        var correlations = new List<CorrelationRule>();
        var references = new RuleReferenceRegistry();
        foreach (var document in _documents)
        {
            RuleMetadata? metadata = null;
            try
            {
                metadata = RuleMetadataReader.Read(document.Map, document.Source, document.Index);
                references.Register(document, metadata);
                var isCorrelation = document.Map.ContainsKey("correlation");
                if (isCorrelation || document.Map.ContainsKey("detection"))
                {
                    RuleKeys.CheckTopLevel(document.Map, isCorrelation);
                }

                if (isCorrelation)
                {
                    correlations.Add(CorrelationRuleCompiler.Compile(document.Map, metadata));
                }
                else if (document.Map.ContainsKey("detection"))
                {
                    detections.Add(DetectionRuleCompiler.Compile(document.Map, metadata, _options));
                }
                else if (document.Map.ContainsKey("filter"))
                {
                    throw new RuleCompileException(RuleErrorCodes.UnsupportedFeature, "Sigma filter documents are not supported yet");
                }
                else
                {
                    throw new RuleCompileException(RuleErrorCodes.MissingField, "document has neither 'detection' nor 'correlation'");
                }
            }
            catch (Exception ex) when (ex is RuleCompileException or ArgumentException or FormatException or OverflowException)
            {
                // A compile error rejects this one rule; the others still load.
                var code = ex is RuleCompileException compile ? compile.Code : RuleErrorCodes.InternalError;
                failed++;
                diagnostics.Add(new RuleDiagnostic(document.Source, metadata?.Id ?? document.Map.GetString("id"), metadata?.Title ?? document.Map.GetString("title"), RuleDiagnosticSeverity.Error, code, ex.Message));
            }
        }

        var resolved = CorrelationResolver.Resolve(detections, correlations, diagnostics);
        failed += correlations.Count - resolved.Count;
        for (var i = 0; i < detections.Count; i++)
        {
            detections[i].Index = i;
        }

        for (var i = 0; i < resolved.Count; i++)
        {
            resolved[i].Index = i;
        }

        return new RuleSet(detections, resolved, diagnostics, _attemptedDocuments, failed);
    }

    /// <summary>Records an input that could not even be split into rule documents; it counts as one failed rule.</summary>
    private void Fail(string source, string? id, string? title, string code, string message)
    {
        _attemptedDocuments++;
        _failedDocuments++;
        _diagnostics.Add(new RuleDiagnostic(source, id, title, RuleDiagnosticSeverity.Error, code, message));
    }
}
