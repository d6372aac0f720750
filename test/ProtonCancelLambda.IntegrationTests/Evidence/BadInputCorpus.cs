using System.Text.Json.Nodes;
using static ProtonCancelLambda.IntegrationTests.Evidence.BadInput;

namespace ProtonCancelLambda.IntegrationTests.Evidence;

/// <summary>
/// Issue 6, item 2: the bad inputs, each with the distinctive part of the reason the function must give.
/// Raw JSON strings where the shape cannot be built with JsonObject (duplicate keys, escapes, truncation).
/// </summary>
public static class BadInputCorpus
{
    private const string Pattern = "does not match ^[0-9A-Za-z]+";

    public static IReadOnlyList<BadInput> All { get; } =
    [
        // Bodies that are not a JSON object.
        Body("not-json", "cancel prod-network please", "not valid JSON"),
        Body("truncated-json", """{"environmentName":"prod-network" """, "not valid JSON"),
        Body("single-quoted-json", "{'environmentName':'prod-network'}", "not valid JSON"),
        Body("trailing-garbage", """{"environmentName":"prod"} x""", "not valid JSON"),
        Body("empty-body", string.Empty, "the message body is empty"),
        Body("whitespace-body", " \n\t ", "the message body is empty"),
        Body("null-body", null, "the SQS record has no body"),
        Body("json-string", "\"prod-network\"", "must be a JSON object, not a string"),
        Body("json-number", "42", "must be a JSON object, not a number"),
        Body("json-array", """[{"environmentName":"prod-network"}]""", "must be a JSON object, not an array"),
        Body("json-null", "null", "must be a JSON object, not null"),
        Body("json-boolean", "true", "must be a JSON object, not a boolean"),
        Body("huge-body", Json(new JsonObject { ["environmentName"] = "prod", ["padding"] = new string('x', 70_000) }), "bytes; at most 65536 are accepted"),
        Body("nested-40-deep", "{\"environmentName\":\"prod\",\"junk\":" + new string('[', 40) + new string(']', 40) + "}", "depth"),

        // environmentName problems.
        Request("empty-object", [], "environmentName is required"),
        Request("name-null", new() { ["environmentName"] = null }, "environmentName is required"),
        Request("name-wrong-key-case", new() { ["EnvironmentName"] = "prod" }, "environmentName is required"),
        Request("name-empty", new() { ["environmentName"] = string.Empty }, "must be 1 to 100 characters; it has 0"),
        Request("name-101-chars", new() { ["environmentName"] = new string('a', 101) }, "must be 1 to 100 characters; it has 101"),
        Request("name-10k-chars", new() { ["environmentName"] = new string('b', 10_000) }, "it has 10000"),
        Request("name-number", new() { ["environmentName"] = 12345 }, "environmentName must be a string, not a number"),
        Request("name-array", new() { ["environmentName"] = new JsonArray("prod") }, "environmentName must be a string, not an array"),
        Request("name-object", new() { ["environmentName"] = new JsonObject { ["name"] = "prod" } }, "environmentName must be a string, not an object"),
        Request("name-boolean", new() { ["environmentName"] = false }, "environmentName must be a string, not a boolean"),
        Request("name-leading-dash", new() { ["environmentName"] = "-prod" }, Pattern),
        Request("name-leading-underscore", new() { ["environmentName"] = "_prod" }, Pattern),
        Request("name-space", new() { ["environmentName"] = "prod network" }, Pattern),
        Request("name-dot", new() { ["environmentName"] = "prod.network" }, Pattern),
        Request("name-path-traversal", new() { ["environmentName"] = "../../etc/passwd" }, Pattern),
        Request("name-unicode-letter", new() { ["environmentName"] = "prød" }, Pattern),
        Request("name-emoji", new() { ["environmentName"] = "prod-\U0001F680" }, Pattern),
        Request("name-rtl-override", new() { ["environmentName"] = "prod\u202Etxt" }, Pattern),
        Request("name-nul-character", new() { ["environmentName"] = "prod\u0000net" }, Pattern),
        Request("name-trailing-newline", new() { ["environmentName"] = "prod-network\n" }, Pattern),
        Body("name-lone-surrogate", """{"environmentName":"prod\ud800"}""", "not valid Unicode"),
        Body("reason-lone-low-surrogate", """{"environmentName":"prod","reason":"\udc00 alone"}""", "not valid Unicode"),
        Body("duplicate-name-key", """{"environmentName":"prod-a","environmentName":"prod-b"}""", "environmentName appears more than once"),

        // The optional fields.
        Request("reason-1025-chars", new() { ["environmentName"] = "prod", ["reason"] = new string('r', 1025) }, "reason must be 1 to 1024 characters; it has 1025"),
        Request("reason-number", new() { ["environmentName"] = "prod", ["reason"] = 7 }, "reason must be a string, not a number"),
        Request("correlation-id-1025-chars", new() { ["environmentName"] = "prod", ["correlationId"] = new string('c', 1025) }, "correlationId must be 1 to 1024 characters; it has 1025"),
        Request("correlation-id-control-chars", new() { ["environmentName"] = "prod", ["correlationId"] = "run\u0007\u001b[31m" }, "correlationId must not contain control characters"),
        Request("request-id-empty", new() { ["environmentName"] = "prod", ["requestId"] = string.Empty }, "requestId must be 1 to 256 characters; it has 0"),
        Request("request-id-257-chars", new() { ["environmentName"] = "prod", ["requestId"] = new string('i', 257) }, "requestId must be 1 to 256 characters; it has 257"),
        Request("request-id-number", new() { ["environmentName"] = "prod", ["requestId"] = 2291 }, "requestId must be a string, not a number"),
        Request("request-id-newline", new() { ["environmentName"] = "prod", ["requestId"] = "rb-1\nrb-2" }, "requestId must not contain control characters"),
        Request("expected-deployment-id-object", new() { ["environmentName"] = "prod", ["expectedDeploymentId"] = new JsonObject() }, "expectedDeploymentId must be a string, not an object"),
        Request("requested-at-without-offset", new() { ["environmentName"] = "prod", ["requestedAt"] = "2026-11-24T10:00:00" }, "requestedAt must be an ISO 8601 date and time with a UTC offset"),
        Request("requested-at-number", new() { ["environmentName"] = "prod", ["requestedAt"] = 1764000000 }, "requestedAt must be an ISO 8601 date and time with a UTC offset"),
        Request("requested-at-future", new() { ["environmentName"] = "prod", ["requestedAt"] = "2999-01-01T00:00:00Z" }, "s in the future; at most 300 s of clock skew is accepted"),
        Request("several-problems", new() { ["environmentName"] = 5, ["reason"] = true }, "environmentName must be a string, not a number; reason must be a string, not a boolean"),

        // Bad continuation state.
        Request("watch-string", new() { ["environmentName"] = "prod", ["watch"] = "soon" }, "watch must be an object, not a string"),
        Request("watch-without-since", new() { ["environmentName"] = "prod", ["watch"] = new JsonObject { ["pollCount"] = 3 } }, "watch.since is required"),
        Request("watch-since-not-a-time", new() { ["environmentName"] = "prod", ["watch"] = new JsonObject { ["since"] = "yesterday" } }, "watch.since must be an ISO 8601 date and time with a UTC offset"),
        Request("watch-negative-poll-count", new() { ["environmentName"] = "prod", ["watch"] = new JsonObject { ["since"] = "2026-11-24T10:00:00Z", ["pollCount"] = -1 } }, "watch.pollCount must be a whole number"),
        Request("watch-since-future", new() { ["environmentName"] = "prod", ["watch"] = new JsonObject { ["since"] = "2999-01-01T00:00:00Z", ["pollCount"] = 1 } }, "watch.since 2999-01-01T00:00:00.000Z is"),
        Request("watch-deployment-id-number", new() { ["environmentName"] = "prod", ["watch"] = new JsonObject { ["since"] = "2026-11-24T10:00:00Z", ["deploymentId"] = 9 } }, "watch.deploymentId must be a string"),

        // SQS records that are not records.
        new("record-not-object", BadInputCarrier.SqsRecord, "42", "SQS record"),
        new("record-body-number", BadInputCarrier.SqsRecord, """{"messageId":"bad-record-body-number","body":5,"eventSource":"aws:sqs"}""", "could not be read"),

        // EventBridge events.
        Detail("eventbridge-no-detail", null, "has no detail"),
        Detail("eventbridge-detail-string", "\"prod-network\"", "must be a JSON object, not a string"),
        Detail("eventbridge-detail-array", """["prod-network"]""", "must be a JSON object, not an array"),
        Detail("eventbridge-detail-bad-name", """{"environmentName":"prod network"}""", Pattern),
        Detail("eventbridge-detail-huge", new JsonObject { ["environmentName"] = "prod", ["padding"] = new string('y', 70_000) }.ToJsonString(), "bytes; at most 65536 are accepted"),
        Detail("eventbridge-detail-with-watch", """{"environmentName":"prod","watch":{"since":"2026-11-24T10:00:00Z","pollCount":1}}""", "an EventBridge event cannot carry one"),
        Event("eventbridge-wrong-detail-type", EventWith("Proton Environment Status Change", new JsonObject { ["environmentName"] = "prod" }), "is not 'Proton Environment Deployment Cancel Requested'"),
        Event("eventbridge-detail-type-number", EventWith(null, new JsonObject { ["environmentName"] = "prod" }, detailTypeNumber: true), "could not be read") with { IdFromInvocation = true },

        // Payloads that are no event at all.
        Invocation("invocation-not-json", "not json", "is not JSON"),
        Invocation("invocation-array", "[]", "received JSON an array"),
        Invocation("invocation-empty-object", "{}", "an empty JSON object"),
        Invocation("invocation-records-not-array", """{"Records":"x"}""", "Records must be an array"),
        Invocation("invocation-s3-records", """{"Records":[{"eventSource":"aws:s3","s3":{}}]}""", "'aws:s3'"),
        Invocation("invocation-api-gateway", """{"httpMethod":"POST","body":"{}"}""", "properties [httpMethod, body]"),
    ];

    private static JsonObject EventWith(string? detailType, JsonNode detail, bool detailTypeNumber = false) => new()
    {
        ["version"] = "0",
        ["id"] = "ignored",
        ["detail-type"] = detailTypeNumber ? 17 : detailType,
        ["source"] = "com.example.rollback",
        ["time"] = "2026-11-24T10:00:00Z",
        ["detail"] = detail,
    };

    private static string Json(JsonObject request) => request.ToJsonString();
}
