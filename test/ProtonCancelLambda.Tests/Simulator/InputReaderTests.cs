using System.Text;
using ProtonCancelLambda.Local.Simulator.Protocol;

namespace ProtonCancelLambda.Tests.Simulator;

public class InputReaderTests
{
    [Fact]
    public void ThrowIfInvalid_MissingAndBadMembers_ReportsEachLikeAws()
    {
        var input = InputReader.Parse(Encoding.UTF8.GetBytes("""{"deploymentType":"SOMETIMES"}"""));
        input.String("name", ProtonConstraints.ResourceName, required: true);
        input.Enum("deploymentType", ProtonConstraints.DeploymentUpdateTypes, required: true);

        var error = Assert.Throws<ProtonException>(input.ThrowIfInvalid);
        Assert.Equal(ProtonErrors.Validation, error.Code);
        Assert.StartsWith("2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Member must satisfy enum value set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("-leading")]
    public void String_NameBreakingTheModel_IsAViolation(string name)
    {
        var input = InputReader.Parse(Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}"""));
        input.String("name", ProtonConstraints.ResourceName, required: true);
        var error = Assert.Throws<ProtonException>(input.ThrowIfInvalid);
        Assert.Equal(ProtonErrors.Validation, error.Code);
    }

    [Fact]
    public void String_WrongJsonType_IsASerializationException()
    {
        var input = InputReader.Parse(Encoding.UTF8.GetBytes("""{"name":5}"""));
        var error = Assert.Throws<ProtonException>(() => input.String("name", ProtonConstraints.ResourceName, required: true));
        Assert.Equal(ProtonErrors.Serialization, error.Code);
    }

    [Fact]
    public void Parse_NotJson_IsASerializationException()
    {
        Assert.Equal(ProtonErrors.Serialization, Assert.Throws<ProtonException>(() => InputReader.Parse(Encoding.UTF8.GetBytes("not json"))).Code);
    }
}
