using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ProtonCancelLambda.Local.Sns;

/// <summary>Reads a Query-protocol Publish form into a <see cref="RecordedSnsMessage"/>, or the SNS error for it.</summary>
internal static class PublishRequestReader
{
    // SNS's default maximum message size; attributes count toward it.
    private const int MaxMessageBytes = 262_144;

    public static Dictionary<string, StringValues> ReadForm(byte[] body) =>
        new FormReader(Encoding.UTF8.GetString(body)).ReadForm();

    public static RecordedSnsMessage Read(Dictionary<string, StringValues> form, string messageId, DateTimeOffset now)
    {
        var topicArn = Value(form, "TopicArn") ?? Value(form, "TargetArn");
        if (string.IsNullOrEmpty(topicArn))
        {
            throw Invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }

        if (!topicArn.StartsWith("arn:", StringComparison.Ordinal) || topicArn.Split(':').Length < 6)
        {
            throw Invalid($"Invalid parameter: TopicArn Reason: '{topicArn}' is not a valid ARN");
        }

        var message = Value(form, "Message");
        if (message is null)
        {
            throw new SnsException(new SnsError("ValidationError", 400, "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null"));
        }

        if (message.Length == 0)
        {
            throw Invalid("Invalid parameter: Empty message");
        }

        var attributes = ReadAttributes(form);
        var size = Encoding.UTF8.GetByteCount(message) + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType) + Encoding.UTF8.GetByteCount(a.Value.StringValue ?? a.Value.BinaryValue ?? string.Empty));
        if (size > MaxMessageBytes)
        {
            throw Invalid("Invalid parameter: Message too long");
        }

        var groupId = Value(form, "MessageGroupId");
        var deduplicationId = Value(form, "MessageDeduplicationId");
        if (topicArn.EndsWith(".fifo", StringComparison.Ordinal) && string.IsNullOrEmpty(groupId))
        {
            throw Invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
        }

        if (groupId?.Length > 128 || deduplicationId?.Length > 128)
        {
            throw Invalid("Invalid parameter: MessageGroupId and MessageDeduplicationId must be at most 128 characters");
        }

        return new RecordedSnsMessage(messageId, topicArn, message, Value(form, "Subject"), attributes, groupId, deduplicationId, now);
    }

    private static Dictionary<string, SnsAttributeValue> ReadAttributes(Dictionary<string, StringValues> form)
    {
        var attributes = new Dictionary<string, SnsAttributeValue>(StringComparer.Ordinal);
        for (var n = 1; Value(form, $"MessageAttributes.entry.{n}.Name") is { } name; n++)
        {
            var prefix = $"MessageAttributes.entry.{n}.Value.";
            var dataType = Value(form, prefix + "DataType");
            if (string.IsNullOrEmpty(dataType))
            {
                throw Invalid($"Invalid parameter: The message attribute '{name}' must contain non-empty message attribute type.");
            }

            var stringValue = Value(form, prefix + "StringValue");
            var binaryValue = Value(form, prefix + "BinaryValue");
            if (stringValue is null && binaryValue is null)
            {
                throw Invalid($"Invalid parameter: The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{dataType}'.");
            }

            attributes[name] = new SnsAttributeValue(dataType, stringValue, binaryValue);
        }

        return attributes;
    }

    private static string? Value(Dictionary<string, StringValues> form, string key) =>
        form.TryGetValue(key, out var values) ? values.ToString() : null;

    private static SnsException Invalid(string message) => new(new SnsError("InvalidParameter", 400, message));
}

/// <summary>Carries an SNS error out of request reading.</summary>
internal sealed class SnsException : Exception
{
    public SnsException()
        : this(new SnsError("InternalError", 500, "Internal error."))
    {
    }

    public SnsException(string message)
        : this(new SnsError("InvalidParameter", 400, message))
    {
    }

    public SnsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new SnsError("InternalError", 500, message);
    }

    public SnsException(SnsError error)
        : base(error.Message)
    {
        Error = error;
    }

    public SnsError Error { get; }
}
