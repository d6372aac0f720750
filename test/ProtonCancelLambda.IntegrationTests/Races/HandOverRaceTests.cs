using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProtonCancelLambda.Configuration;
using ProtonCancelLambda.IntegrationTests.Infrastructure;
using ProtonCancelLambda.Tests.Races;

namespace ProtonCancelLambda.IntegrationTests.Races;

/// <summary>
/// Issue 19 B1, the hand-over race, on moto's DynamoDB through the function's own client. The first delivery
/// hands its watch to a continuation message; its DynamoDB writes after the send are held back (a slow, throttled
/// write) while SQS delivers that continuation (after a short delay on a standard queue, at once on a FIFO one).
/// Then the writes land and SQS goes on as it would: whatever a response gave back, and whatever was sent since,
/// is delivered again. No interleaving may strand the request: it ends with exactly one outcome.
/// </summary>
public sealed class HandOverRaceTests(MotoServerFixture moto) : IClassFixture<MotoServerFixture>
{
    private const string Body = """{"environmentName":"prod-network","requestId":"rb-handover","reason":"canary alarm"}""";

    [Theory]
    [InlineData(FunctionRig.QueueUrl)]
    [InlineData(FunctionRig.FifoQueueUrl)]
    public async Task HandOver_ContinuationDeliveredBeforeTheRecordWriteLands_RequestStillEndsWithExactlyOneOutcome(string queueUrl)
    {
        moto.RequireRunning();
        var table = await IdempotencyTables.CreateAsync(moto, "handover");
        var dynamoDb = new HeldWrites(RaceDynamoDb.Client(moto, TimeProvider.System));

        // Proton keeps its own time, so the deployment settles exactly when the test says (before the continuation runs).
        var protonClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var rig = new FunctionRig(
            TimeProvider.System,
            new Dictionary<string, string>
            {
                [SettingNames.RequestQueueUrl] = queueUrl,
                [SettingNames.IdempotencyTableName] = table,
                [SettingNames.PollWindowSeconds] = "1",
            },
            dynamoDb,
            protonClock);
        rig.Proton.Add("prod-network", afterSeconds: 3600, startedAt: SqsEvents.SentAt.AddMinutes(-5));
        rig.Sqs.OnSent = (_, _) => HeldWrites.SenderHasSent();
        var queue = new QueueStandIn(rig, fifo: queueUrl.EndsWith(".fifo", StringComparison.Ordinal));

        var first = HeldWrites.RunAsSenderAsync(() => queue.DeliverAsync("m-1", Body));
        await Task.WhenAny(dynamoDb.FirstHeld.Task, first).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(rig.Sqs.Sent.TryPeek(out var continuation), $"the first delivery sent no continuation; log:\n{rig.Log}");

        // The continuation arrives while the sender's write is still on its way, and finds the deployment settled.
        protonClock.Advance(TimeSpan.FromHours(2));
        await queue.DeliverAsync(continuation.MessageId, continuation.Request.MessageBody);

        dynamoDb.Release();
        await first;
        await queue.DeliverUntilEmptyAsync(TimeSpan.FromSeconds(90));

        Assert.True(
            rig.Outcomes.Count == 1 && rig.Outcomes[0].GetProperty("outcome").GetString() == "CANCELLED",
            $"expected exactly one outcome (CANCELLED) once SQS has nothing left to deliver; published {rig.Outcomes.Count}: [{string.Join(", ", rig.Outcomes)}]; "
            + $"left to deliver: [{string.Join(", ", queue.Pending)}]; deliveries: [{string.Join(", ", queue.Deliveries)}]; log:\n{rig.Log}");
        Assert.Equal(1, rig.Proton.CancelCount);
    }

    /// <summary>
    /// What SQS does with the request queue, for these tests: a message whose delivery failed (listed in the batch
    /// response) comes back after its visibility timeout, a sent message comes after its delay; here both come
    /// back after a short pause, as the order, not the waiting, is what matters.
    /// </summary>
    private sealed class QueueStandIn(FunctionRig rig, bool fifo)
    {
        private readonly Dictionary<string, string> _bodies = [];

        public Queue<string> Pending { get; } = new();

        public List<string> Deliveries { get; } = [];

        public async Task<JsonElement> DeliverAsync(string messageId, string body)
        {
            lock (_bodies)
            {
                _bodies[messageId] = body;
            }

            JsonObject record = fifo ? SqsEvents.FifoRecord(messageId, body, "prod-network") : SqsEvents.Record(messageId, body);
            var response = await rig.InvokeAsync(SqsEvents.Batch(record));
            var failures = FunctionRig.Failures(response);
            lock (_bodies)
            {
                Deliveries.Add(messageId + (failures.Count == 0 ? " deleted" : " given back"));
                foreach (var failed in failures)
                {
                    Pending.Enqueue(failed);
                }
            }

            return response;
        }

        public async Task DeliverUntilEmptyAsync(TimeSpan limit)
        {
            var until = DateTimeOffset.UtcNow + limit;
            while (DateTimeOffset.UtcNow < until)
            {
                foreach (var (id, request) in rig.Sqs.Sent.Where(sent => !_bodies.ContainsKey(sent.MessageId)).ToList())
                {
                    _bodies[id] = request.MessageBody;
                    Pending.Enqueue(id);
                }

                if (Pending.Count == 0)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200));
                var now = Pending.ToList();
                Pending.Clear();
                foreach (var id in now)
                {
                    await DeliverAsync(id, _bodies[id]);
                }
            }
        }
    }
}
