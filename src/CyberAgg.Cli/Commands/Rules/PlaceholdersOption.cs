using System.CommandLine;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Cli.Commands.Rules;

/// <summary><c>--placeholders FILE</c>: values for Sigma <c>|expand</c> placeholders, shared by the <c>rules</c> commands.</summary>
internal static class PlaceholdersOption
{
    public static Option<FileInfo> Create() => new("--placeholders")
    {
        HelpName = "FILE",
        Description = "YAML map of placeholder name to values for rules using |expand, e.g. 'Administrators: [admin, root]' gives %Administrators% two values. Rules using a placeholder without values are rejected. See docs/rules.md.",
    };

    /// <summary>Builds the load options; on a bad file prints one error line naming it and returns false.</summary>
    public static bool TryLoad(FileInfo? file, TextWriter error, out RuleLoadOptions options)
    {
        options = RuleLoadOptions.Default;
        if (file is null)
        {
            return true;
        }

        try
        {
            options = new RuleLoadOptions { Placeholders = PlaceholderValues.LoadFile(file.FullName) };
            return true;
        }
        catch (PlaceholderFileException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return false;
        }
    }
}
