using System.Collections.Concurrent;

namespace ProtonCancelLambda.Configuration;

/// <summary>An environment held in memory: lets several in-process function instances run side by side.</summary>
public sealed class DictionaryEnvironmentVariables : IEnvironmentVariables
{
    private readonly ConcurrentDictionary<string, string> _values;

    public DictionaryEnvironmentVariables(IEnumerable<KeyValuePair<string, string>> values)
    {
        _values = new ConcurrentDictionary<string, string>(values, StringComparer.Ordinal);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public void Set(string name, string? value)
    {
        if (value is null)
        {
            _values.TryRemove(name, out _);
        }
        else
        {
            _values[name] = value;
        }
    }
}
