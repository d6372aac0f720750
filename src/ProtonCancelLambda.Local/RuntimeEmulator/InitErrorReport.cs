namespace ProtonCancelLambda.Local.RuntimeEmulator;

/// <summary>An error the function posted to <c>/runtime/init/error</c>.</summary>
public sealed record InitErrorReport(byte[] Body, string? ContentType, string? ErrorTypeHeader)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
