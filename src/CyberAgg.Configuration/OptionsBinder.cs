using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration;

/// <summary>Binds a configuration section to an options class, refusing unknown keys and unconvertible values.</summary>
public static class OptionsBinder
{
    /// <summary>Returns the section bound to a new <typeparamref name="T"/>; defaults where the section is absent.</summary>
    /// <remarks>Durations (<see cref="TimeSpan"/> properties) accept <c>30s</c>, <c>5m</c>, <c>1h</c> as well as <c>00:05:00</c>.</remarks>
    /// <exception cref="ConfigurationException">A key is unknown or a value does not convert.</exception>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var node = configuration.GetSection(section);
        // The binder's own ErrorOnUnknownConfiguration ignores [ConfigurationKeyName], so snake_case keys are checked here.
        var durations = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Walk(typeof(T), node, section, durations);
        var options = new T();
        try
        {
            Normalised(node, durations).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException(section, FirstLine(e) + " See docs/configuration.md for the type of each key.", e);
        }

        return options;
    }

    /// <summary>The configuration key of a property: its <see cref="ConfigurationKeyNameAttribute"/> or its name.</summary>
    public static string KeyOf(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
    }

    /// <summary>Whether the binder descends into a property's type as a nested section.</summary>
    public static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    /// <summary>The element type of a list property (bound as a sequence of sections or values), else null.</summary>
    public static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>The bindable properties of an options type, keyed by configuration key.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Keys(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(KeyOf, StringComparer.OrdinalIgnoreCase);
    }

    private static void Walk(Type type, IConfigurationSection node, string path, Dictionary<string, string?> durations)
    {
        var properties = Keys(type);
        foreach (var child in node.GetChildren())
        {
            var key = $"{path}.{child.Key}";
            if (!properties.TryGetValue(child.Key, out var property))
            {
                throw new ConfigurationException(key, $"is not a known setting; known keys of {path} are {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))} (see docs/configuration.md).");
            }

            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (target == typeof(TimeSpan) && child.Value is { Length: > 0 } text)
            {
                durations[child.Path] = Duration.Parse(key, text).ToString("c", CultureInfo.InvariantCulture);
            }
            else if (IsSection(target))
            {
                Walk(target, child, key, durations);
            }
            else if (ListElement(target) is { } element && IsSection(element))
            {
                foreach (var item in child.GetChildren())
                {
                    Walk(element, item, $"{key}[{item.Key}]", durations);
                }
            }
        }
    }

    // The binder converts TimeSpan with TimeSpan.Parse, which reads "5m" as an error: hand it the converted values.
    private static IConfiguration Normalised(IConfigurationSection node, Dictionary<string, string?> durations)
    {
        if (durations.Count == 0)
        {
            return node;
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var prefix = node.Path + ConfigurationPath.KeyDelimiter;
        foreach (var (key, value) in node.AsEnumerable())
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                values[key[prefix.Length..]] = durations.TryGetValue(key, out var converted) ? converted : value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static string FirstLine(Exception e)
    {
        var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
        return message.ReplaceLineEndings(" ");
    }
}
