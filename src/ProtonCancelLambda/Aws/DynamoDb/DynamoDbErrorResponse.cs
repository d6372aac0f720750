using ProtonCancelLambda.Aws.Http;

namespace ProtonCancelLambda.Aws.DynamoDb;

/// <summary>An error with the item DynamoDB returned for a failed condition (ReturnValuesOnConditionCheckFailure).</summary>
internal sealed record DynamoDbErrorResponse(string Code, string Message, Dictionary<string, DynamoDbValue>? Item) : AwsErrorResponse(Code, Message);
