using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ProtonCancelLambda.Local.Simulator.Environments;

namespace ProtonCancelLambda.Local.Simulator.Protocol;

/// <summary>Writes AWS JSON 1.0 responses: the operation's output, or an error as AWS shapes it.</summary>
internal static class AwsJsonWriter
{
    public const string ContentType = "application/x-amz-json-1.0";

    public static Task WriteEnvironmentAsync(HttpResponse response, EnvironmentView environment) =>
        WriteAsync(response, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("environment");
            WriteEnvironment(writer, environment);
            writer.WriteEndObject();
        });

    public static Task WriteErrorAsync(HttpResponse response, string code, string message)
    {
        response.Headers["x-amzn-ErrorType"] = code;
        return WriteAsync(response, ProtonErrors.StatusCode(code), writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("__type", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });
    }

    private static void WriteEnvironment(Utf8JsonWriter writer, EnvironmentView e)
    {
        writer.WriteStartObject();
        writer.WriteString("arn", e.Arn);
        WriteOptional(writer, "codebuildRoleArn", e.CodebuildRoleArn);
        WriteOptional(writer, "componentRoleArn", e.ComponentRoleArn);
        WriteTimestamp(writer, "createdAt", e.CreatedAt);
        writer.WriteString("deploymentStatus", e.DeploymentStatus);
        WriteOptional(writer, "deploymentStatusMessage", e.DeploymentStatusMessage);
        WriteOptional(writer, "description", e.Description);
        writer.WriteString("lastAttemptedDeploymentId", e.LastAttemptedDeploymentId);
        WriteTimestamp(writer, "lastDeploymentAttemptedAt", e.LastDeploymentAttemptedAt);
        WriteTimestamp(writer, "lastDeploymentSucceededAt", e.LastDeploymentSucceededAt);
        WriteOptional(writer, "lastSucceededDeploymentId", e.LastSucceededDeploymentId);
        writer.WriteString("name", e.Name);
        WriteOptional(writer, "protonServiceRoleArn", e.ProtonServiceRoleArn);
        WriteOptional(writer, "spec", e.Spec);
        writer.WriteString("templateMajorVersion", e.TemplateMajorVersion);
        writer.WriteString("templateMinorVersion", e.TemplateMinorVersion);
        writer.WriteString("templateName", e.TemplateName);
        writer.WriteEndObject();
    }

    // AWS JSON protocols send timestamps as epoch seconds, fractional to the millisecond.
    private static void WriteTimestamp(Utf8JsonWriter writer, string name, DateTimeOffset value) =>
        writer.WriteNumber(name, value.ToUnixTimeMilliseconds() / 1000m);

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static async Task WriteAsync(HttpResponse response, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }
}
