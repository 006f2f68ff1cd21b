namespace CyberAgg.Rules.Loading;

/// <summary>Raised while compiling one rule; the loader turns it into a <see cref="RuleDiagnostic"/>.</summary>
internal sealed class RuleCompileException : Exception
{
    public RuleCompileException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public RuleCompileException()
        : this(RuleErrorCodes.InvalidStructure, "rule could not be compiled")
    {
    }

    public RuleCompileException(string message)
        : this(RuleErrorCodes.InvalidStructure, message)
    {
    }

    public RuleCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = RuleErrorCodes.InvalidStructure;
    }

    public string Code { get; }
}
