using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration;

/// <summary>Binds a configuration section to an options class, refusing unknown keys and unconvertible values.</summary>
public static class OptionsBinder
{
    /// <summary>Returns the section bound to a new <typeparamref name="T"/>; defaults where the section is absent.</summary>
    /// <exception cref="ConfigurationException">A key is unknown or a value does not convert.</exception>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var node = configuration.GetSection(section);
        // The binder's own ErrorOnUnknownConfiguration ignores [ConfigurationKeyName], so snake_case keys are checked here.
        RejectUnknownKeys(typeof(T), node, section);
        var options = new T();
        try
        {
            node.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException(section, e.Message + " Check the value against deploy/examples/.", e);
        }

        return options;
    }

    private static void RejectUnknownKeys(Type type, IConfigurationSection node, string path)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in node.GetChildren())
        {
            var key = $"{path}.{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property))
            {
                throw new ConfigurationException(key, $"is not a known setting; known keys of {path} are {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.");
            }

            var target = property.PropertyType;
            if (target.IsClass && target != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(target))
            {
                RejectUnknownKeys(target, child, key);
            }
        }
    }
}
