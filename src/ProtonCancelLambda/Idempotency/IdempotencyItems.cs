using ProtonCancelLambda.Aws;
using ProtonCancelLambda.Aws.DynamoDb;
using ProtonCancelLambda.Requests;

namespace ProtonCancelLambda.Idempotency;

/// <summary>The item a first claim writes.</summary>
internal static class IdempotencyItems
{
    public static Dictionary<string, DynamoDbValue> Claim(RequestClaim claim, string claimId, DateTimeOffset now, long expiration)
    {
        var item = new Dictionary<string, DynamoDbValue>
        {
            [IdempotencyAttributes.Id] = DynamoDbValue.Text(BoundedId.For(claim.RequestId)),
            [IdempotencyAttributes.Status] = DynamoDbValue.Text(IdempotencyAttributes.InProgress),
            [IdempotencyAttributes.Lease] = DynamoDbValue.Number(claim.LeaseUntil.ToUnixTimeMilliseconds()),
            [IdempotencyAttributes.Expiration] = DynamoDbValue.Number(expiration),
            [IdempotencyAttributes.RequestId] = DynamoDbValue.Text(claim.RequestId),
            [IdempotencyAttributes.Delivery] = DynamoDbValue.Text(claim.DeliveryId),
            [IdempotencyAttributes.ClaimedAt] = DynamoDbValue.Text(IsoTime.Format(now)),
            [IdempotencyAttributes.ClaimId] = DynamoDbValue.Text(claimId),
        };
        if (claim.Token is not null)
        {
            // A continuation whose record is gone (the table was switched on mid-watch): its redelivery must find it.
            item[IdempotencyAttributes.Token] = DynamoDbValue.Text(claim.Token);
        }

        if (claim.EnvironmentName is not null)
        {
            item[IdempotencyAttributes.EnvironmentName] = DynamoDbValue.Text(claim.EnvironmentName);
        }

        if (claim.Fingerprint is { } fingerprint)
        {
            item[IdempotencyAttributes.Fingerprint] = DynamoDbValue.Text(fingerprint.Hash);
            if (fingerprint.ExpectedDeploymentId is not null)
            {
                item[IdempotencyAttributes.ExpectedDeploymentId] = DynamoDbValue.Text(fingerprint.ExpectedDeploymentId);
            }
        }

        return item;
    }
}
