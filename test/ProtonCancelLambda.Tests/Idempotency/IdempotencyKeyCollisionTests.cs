using System.Security.Cryptography;
using System.Text;
using ProtonCancelLambda.Aws;

namespace ProtonCancelLambda.Tests.Idempotency;

/// <summary>
/// Issue 19 B7. A requestId that looks like a hashed key ("sha256:" and 64 hex digits) is hashed too, so no
/// requestId's key can equal another requestId's. Names BoundedId.For (was IdempotencyKey.For), the rule under test.
/// </summary>
public class IdempotencyKeyCollisionTests
{
    [Fact]
    public void RequestIdThatLooksLikeAHashedKey_DoesNotCollideWithTheRequestIdItHashes()
    {
        var longId = "rb-" + new string('x', 200);
        var forged = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(longId)));

        Assert.NotEqual(BoundedId.For(longId), BoundedId.For(forged));
    }

    [Theory]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("SHA256:ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    public void RequestIdShapedLikeAHashedKey_IsHashedToo(string requestId)
    {
        var key = BoundedId.For(requestId);

        Assert.NotEqual(requestId, key);
        Assert.Equal(key, BoundedId.For(requestId));
    }
}
