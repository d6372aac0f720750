namespace ProtonCancelLambda.Configuration;

/// <summary>A missing or malformed setting; reported through the Runtime API's init-error endpoint.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(string settingName, string message)
        : base($"{settingName}: {message}")
    {
        SettingName = settingName;
    }

    public SettingsException()
    {
        SettingName = string.Empty;
    }

    public SettingsException(string message)
        : base(message)
    {
        SettingName = string.Empty;
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        SettingName = string.Empty;
    }

    public string SettingName { get; }
}
