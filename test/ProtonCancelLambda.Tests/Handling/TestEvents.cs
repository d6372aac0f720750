using System.Text;
using System.Text.Json;
using ProtonCancelLambda.Requests;
using ProtonCancelLambda.RuntimeApi;

namespace ProtonCancelLambda.Tests.Handling;

internal static class TestEvents
{
    public static InvocationContext Context { get; } = new("invocation-1", DateTimeOffset.MaxValue, "arn:aws:lambda:us-east-1:123456789012:function:f", null);

    public static InvocationDeadlines Deadlines { get; } = InvocationDeadlines.From(Context.Deadline, DateTimeOffset.UtcNow);

    public static Invocation Invocation(string json) => new(Context, Encoding.UTF8.GetBytes(json));

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
