using ProtonCancelLambda.Aws.DynamoDb;

namespace ProtonCancelLambda.Tests.Simulation;

/// <summary>The simulated table's expression evaluator, on the kinds of expression the idempotency record writes.</summary>
public sealed class DynamoDbExpressionsTests
{
    private static readonly Dictionary<string, string> Names = new() { ["#status"] = "status", ["#token"] = "token", ["#lease"] = "in_progress_expiration" };

    private static readonly Dictionary<string, DynamoDbValue> Item = new()
    {
        ["id"] = DynamoDbValue.Text("k"),
        ["status"] = DynamoDbValue.Text("IN_PROGRESS"),
        ["expiration"] = DynamoDbValue.Number(2000),
        ["in_progress_expiration"] = DynamoDbValue.Number(1500),
    };

    [Theory]
    [InlineData("attribute_not_exists(id) OR expiration < :now", 1000, false)]
    [InlineData("attribute_not_exists(id) OR expiration < :now", 3000, true)]
    [InlineData("#status = :inProgress AND attribute_not_exists(#token)", 0, true)]
    [InlineData("#status = :inProgress AND #lease < :now AND attribute_not_exists(#token)", 1000, false)]
    [InlineData("#status = :inProgress AND #lease <= :now AND attribute_not_exists(#token)", 1500, true)]
    [InlineData("(#status = :inProgress OR #lease >= :now) AND attribute_exists(#token)", 0, false)]
    [InlineData("#lease > :now", 9000000000, false)]
    [InlineData("NOT attribute_exists(#token) AND NOT #lease > :now", 1500, true)]
    [InlineData("NOT (#status = :inProgress OR #lease < :now)", 0, false)]
    public void Condition_OnAnItem_HoldsAsDynamoDbDecides(string condition, long now, bool expected)
    {
        Assert.Equal(expected, Evaluate(condition, now, Item));
    }

    [Fact]
    public void Condition_OnAMissingItem_OnlyAttributeNotExistsHolds()
    {
        Assert.True(Evaluate("attribute_not_exists(id) OR expiration < :now", 0, null));
        Assert.False(Evaluate("#status = :inProgress OR #lease < :now", 0, null));
    }

    [Fact]
    public void Comparison_OfANumberWithAString_IsFalse()
    {
        var values = new Dictionary<string, DynamoDbValue> { [":v"] = DynamoDbValue.Text("1500") };

        Assert.False(new DynamoDbExpressions(Names, values).Holds("#lease = :v", Item));
    }

    [Fact]
    public void Update_SetsAndRemoves()
    {
        var item = new Dictionary<string, DynamoDbValue>(Item);
        var values = new Dictionary<string, DynamoDbValue> { [":next"] = DynamoDbValue.Text("t2"), [":parked"] = DynamoDbValue.Number(0) };
        var expressions = new DynamoDbExpressions(Names, values);

        expressions.Apply("SET #token = :next, #lease = :parked REMOVE expiration", item, "id");

        Assert.Equal("t2", item["token"].S);
        Assert.Equal(0, item["in_progress_expiration"].AsNumber());
        Assert.False(item.ContainsKey("expiration"));
    }

    [Theory]
    [InlineData("begins_with(#status, :inProgress)")]
    [InlineData("#status <> :inProgress")]
    [InlineData("#status IN (:inProgress)")]
    [InlineData("size(#token) > :now")]
    [InlineData("#status = :inProgress AND")]
    public void Condition_TheSimulationDoesNotKnow_IsRefused(string condition)
    {
        Assert.Throws<NotSupportedException>(() => Evaluate(condition, 0, Item));
    }

    [Theory]
    [InlineData("SET #token = if_not_exists(#token, :now)")]
    [InlineData("SET #lease = #lease + :now")]
    [InlineData("DELETE #lease :now")]
    public void Update_TheSimulationDoesNotKnow_IsRefused(string update)
    {
        var expressions = new DynamoDbExpressions(Names, new Dictionary<string, DynamoDbValue> { [":now"] = DynamoDbValue.Number(1) });

        Assert.Throws<NotSupportedException>(() => expressions.Apply(update, new Dictionary<string, DynamoDbValue>(Item), "id"));
    }

    [Fact]
    public void Add_CountsUpANumber_StartingFromZero_AndRefusesAnythingElse()
    {
        var expressions = new DynamoDbExpressions(Names, new Dictionary<string, DynamoDbValue> { [":now"] = DynamoDbValue.Number(3) });
        var item = new Dictionary<string, DynamoDbValue>(Item);
        item.Remove("in_progress_expiration");

        expressions.Apply("ADD #lease :now", item, "id");
        expressions.Apply("ADD #lease :now", item, "id");

        Assert.Equal(6, item["in_progress_expiration"].AsNumber());
        Assert.Throws<DynamoDbException>(() => expressions.Apply("ADD #status :now", item, "id"));
    }

    [Fact]
    public void Placeholders_UnusedOrUndefined_AreAValidationException()
    {
        var unused = new DynamoDbExpressions(Names, new Dictionary<string, DynamoDbValue> { [":now"] = DynamoDbValue.Number(1) });
        unused.Holds("#status = :now", Item);

        Assert.Equal("ValidationException", Assert.Throws<DynamoDbException>(unused.EnsureAllUsed).ErrorCode);
        Assert.Equal("ValidationException", Assert.Throws<DynamoDbException>(() => new DynamoDbExpressions(Names, null).Holds("#status = :missing", Item)).ErrorCode);
    }

    [Fact]
    public void Update_OfTheKey_IsAValidationException()
    {
        var expressions = new DynamoDbExpressions(null, new Dictionary<string, DynamoDbValue> { [":v"] = DynamoDbValue.Text("x") });

        Assert.Throws<DynamoDbException>(() => expressions.Apply("SET id = :v", new Dictionary<string, DynamoDbValue>(Item), "id"));
    }

    private static bool Evaluate(string condition, long now, Dictionary<string, DynamoDbValue>? item)
    {
        var values = new Dictionary<string, DynamoDbValue> { [":now"] = DynamoDbValue.Number(now), [":inProgress"] = DynamoDbValue.Text("IN_PROGRESS") };
        return new DynamoDbExpressions(Names, values).Holds(condition, item);
    }
}
