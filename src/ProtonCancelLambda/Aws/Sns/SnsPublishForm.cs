using System.Text;

namespace ProtonCancelLambda.Aws.Sns;

/// <summary>
/// The Query-protocol form of one Publish call. Percent-encoded per RFC 3986 (spaces as %20, as botocore
/// sends them), so the body we sign is byte-for-byte what an official client would send.
/// </summary>
internal static class SnsPublishForm
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    public static byte[] Encode(SnsPublishRequest request)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Action", "Publish"),
            new("Version", "2010-03-31"),
            new("TopicArn", request.TopicArn),
            new("Message", request.Message),
        };

        var entry = 0;
        foreach (var (name, value) in request.StringAttributes)
        {
            entry++;
            var prefix = $"MessageAttributes.entry.{entry}.";
            fields.Add(new(prefix + "Name", name));
            fields.Add(new(prefix + "Value.DataType", "String"));
            fields.Add(new(prefix + "Value.StringValue", value));
        }

        if (request.MessageDeduplicationId is not null)
        {
            fields.Add(new("MessageDeduplicationId", request.MessageDeduplicationId));
        }

        if (request.MessageGroupId is not null)
        {
            fields.Add(new("MessageGroupId", request.MessageGroupId));
        }

        var form = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            if (form.Length > 0)
            {
                form.Append('&');
            }

            form.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return Encoding.UTF8.GetBytes(form.ToString());
    }
}
