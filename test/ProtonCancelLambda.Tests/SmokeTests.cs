using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Tests;

public class SmokeTests
{
    [Fact]
    public void ParseBody_WithValidRequest_Accepts()
    {
        var result = RequestParser.ParseBody("""{"environmentName":"prod-network"}""", "m-1");
        Assert.IsType<AcceptedRequest>(result);
    }
}
