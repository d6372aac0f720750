using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// Reads a CloudFormation YAML template into the JSON form CloudFormation itself uses. YamlDotNet's
/// representation model keeps unknown tags on the node, so the short forms (<c>!Ref X</c>,
/// <c>!GetAtt A.B</c>, <c>!Sub ...</c>, <c>!If [...]</c>) become their long forms (<c>{"Ref": "X"}</c>,
/// <c>{"Fn::GetAtt": ["A", "B"]}</c>, ...). Scalars stay strings: CloudFormation accepts "60" for 60.
/// </summary>
internal static class CloudFormationYaml
{
    public static JsonObject Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return Convert(stream.Documents[0].RootNode) as JsonObject
            ?? throw new InvalidDataException("The template's top level is not a mapping.");
    }

    private static JsonNode? Convert(YamlNode node)
    {
        JsonNode? value = node switch
        {
            YamlMappingNode mapping => new JsonObject(mapping.Children.Select(
                pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, Convert(pair.Value)))),
            YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
            YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
            _ => throw new InvalidDataException($"Unexpected YAML node {node.NodeType} at {node.Start}."),
        };

        var tag = node.Tag;
        if (tag.IsEmpty || tag.IsNonSpecific || !tag.Value.StartsWith('!'))
        {
            return value;
        }

        var name = tag.Value[1..];
        return name switch
        {
            "Ref" => new JsonObject { ["Ref"] = value },
            "Condition" => new JsonObject { ["Condition"] = value },
            "GetAtt" when value is JsonValue text => new JsonObject { ["Fn::GetAtt"] = SplitGetAtt(text.GetValue<string>()) },
            _ => new JsonObject { ["Fn::" + name] = value },
        };
    }

    private static JsonArray SplitGetAtt(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? [text] : [text[..dot], text[(dot + 1)..]];
    }
}
