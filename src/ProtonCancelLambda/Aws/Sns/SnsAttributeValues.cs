using System.Buffers;
using System.Text;

namespace ProtonCancelLambda.Aws.Sns;

/// <summary>
/// Which String attribute values SNS takes. Its API reference gives String values "the same restrictions on
/// the content as the message body" and forbids empty ones; the Query protocol and the SQS queues subscribers
/// use (raw delivery turns attributes into SQS message attributes) take only XML 1.0 characters. A value
/// outside those rules would fail the whole Publish, so it is left out and stays readable in the message.
/// </summary>
public static class SnsAttributeValues
{
    public static bool IsPublishable(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        // A lone surrogate is InvalidData here: it has no UTF-8 form at all.
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || !IsXmlCharacter(rune))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    private static bool IsXmlCharacter(Rune rune) => rune.Value switch
    {
        0x9 or 0xA or 0xD => true,
        >= 0x20 and <= 0xD7FF => true,
        >= 0xE000 and <= 0xFFFD => true,
        >= 0x10000 and <= 0x10FFFF => true,
        _ => false,
    };
}
