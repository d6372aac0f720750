using System.Globalization;
using System.Text.Json.Nodes;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>template.yaml, parsed once per test class, with the look-ups the deployment tests share.</summary>
internal sealed class SamTemplate
{
    public const string FunctionLogicalId = "ProtonCancelFunction";

    private SamTemplate(JsonObject root)
    {
        Root = root;
    }

    public JsonObject Root { get; }

    public JsonObject Resources => Root["Resources"]!.AsObject();

    public JsonObject Parameters => Root["Parameters"]!.AsObject();

    public JsonObject Function => Properties(FunctionLogicalId);

    public static SamTemplate Load() => new(CloudFormationYaml.Parse(RepoFiles.Read("template.yaml")));

    public JsonObject Resource(string logicalId) =>
        Resources[logicalId]?.AsObject() ?? throw new KeyNotFoundException($"template.yaml has no resource {logicalId}.");

    public JsonObject Properties(string logicalId) => Resource(logicalId)["Properties"]!.AsObject();

    public IEnumerable<KeyValuePair<string, JsonObject>> ResourcesOfType(string type) =>
        Resources
            .Where(pair => Text(pair.Value!["Type"]) == type)
            .Select(pair => KeyValuePair.Create(pair.Key, pair.Value!.AsObject()));

    /// <summary>The logical id a <c>Ref</c> or <c>Fn::GetAtt</c> names, or null for anything else.</summary>
    public static string? ReferencedId(JsonNode? node) => node switch
    {
        JsonObject o when o["Ref"] is JsonValue name => name.GetValue<string>(),
        JsonObject o when o["Fn::GetAtt"] is JsonArray parts => Text(parts[0]),
        _ => null,
    };

    /// <summary>
    /// A number as deployed in the worst case: a literal, or for a <c>Ref</c> to a parameter its
    /// MaxValue (or Default when unbounded), so a rule proven here holds for every allowed value.
    /// </summary>
    public int LargestNumber(JsonNode? node)
    {
        if (node is JsonObject reference && reference["Ref"] is JsonValue name)
        {
            var parameter = Parameters[name.GetValue<string>()]!.AsObject();
            return ParseInt(parameter["MaxValue"] ?? parameter["Default"]);
        }

        return ParseInt(node);
    }

    public static int ParseInt(JsonNode? node) => int.Parse(Text(node), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : string.Empty;

    /// <summary>Every IAM policy statement in the template, with where it was found; both Fn::If branches count.</summary>
    public IEnumerable<(string Where, JsonObject Statement)> PolicyStatements()
    {
        foreach (var (id, resource) in Resources.Select(pair => (pair.Key, pair.Value!.AsObject())))
        {
            var properties = resource["Properties"] as JsonObject;
            var documents = Text(resource["Type"]) switch
            {
                "AWS::IAM::Role" => Branches(properties?["Policies"]).Select(policy => policy["PolicyDocument"])
                    .Append(properties?["AssumeRolePolicyDocument"]),
                "AWS::Serverless::Function" => Branches(properties?["Policies"]).Select(policy => (JsonNode?)policy),
                "AWS::SQS::QueuePolicy" or "AWS::SNS::TopicPolicy" or "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" =>
                    [properties?["PolicyDocument"]],
                "AWS::Events::EventBus" => [properties?["Policy"]],
                _ => [],
            };

            foreach (var document in documents.OfType<JsonObject>())
            {
                foreach (var statement in Branches(document["Statement"]))
                {
                    yield return (id, statement);
                }
            }
        }
    }

    public static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(Text),
        JsonValue value => [value.ToString()],
        _ => [],
    };

    // A list whose items may be Fn::If [condition, a, b]; AWS::NoValue branches are dropped.
    private static IEnumerable<JsonObject> Branches(JsonNode? node)
    {
        IEnumerable<JsonNode?> items = node is JsonArray array ? array : [node];
        foreach (var item in items.OfType<JsonObject>())
        {
            if (item["Fn::If"] is JsonArray condition)
            {
                foreach (var branch in condition.Skip(1).OfType<JsonObject>().Where(b => ReferencedId(b) != "AWS::NoValue"))
                {
                    yield return branch;
                }
            }
            else if (ReferencedId(item) != "AWS::NoValue")
            {
                yield return item;
            }
        }
    }
}
