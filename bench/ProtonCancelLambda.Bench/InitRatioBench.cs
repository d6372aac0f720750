using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProtonCancelLambda.Bench;

/// <summary>
/// Init as Lambda bills it (Init Duration): process start to the runtime's first <c>GET .../invocation/next</c>,
/// for the function and for the floor (bench/ProtonCancelLambda.InitFloor, a minimal AOT runtime loop), runs
/// interleaved so that machine load hits both alike. The stub answers <c>next</c> with 500, so a healthy runtime
/// exits right after asking for its first event; nothing else is timed.
/// </summary>
internal static class InitRatioBench
{
    private static readonly byte[] Refusal = Encoding.ASCII.GetBytes("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    public static async Task<(IReadOnlyList<double> Function, IReadOnlyList<double> Floor)> MeasureAsync(string function, string floor, int runs)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var functionSamples = new List<double>(runs);
        var floorSamples = new List<double>(runs);

        // One untimed run of each first: the first start of a binary also reads it into the page cache.
        await OnceAsync(listener, address, function);
        await OnceAsync(listener, address, floor);
        for (var run = 0; run < runs; run++)
        {
            functionSamples.Add(await OnceAsync(listener, address, function));
            floorSamples.Add(await OnceAsync(listener, address, floor));
        }

        return (functionSamples, floorSamples);
    }

    private static async Task<double> OnceAsync(TcpListener listener, string runtimeApi, string binary)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["OUTCOME_TOPIC_ARN"] = "arn:aws:sns:us-east-1:123456789012:outcomes";
        start.Environment["AWS_ACCESS_KEY_ID"] = "bench";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "bench";
        start.Environment["REQUEST_QUEUE_URL"] = "http://127.0.0.1:9/123456789012/proton-cancel-requests";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var firstNext = double.NaN;
        using (var client = await listener.AcceptTcpClientAsync(timeout.Token))
        {
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                if (request.Length == 0)
                {
                    // The request's first bytes: the runtime has asked for its first event.
                    firstNext = clock.Elapsed.TotalMilliseconds;
                }


                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            if (!request.ToString().StartsWith("GET /2018-06-01/runtime/invocation/next", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{binary} asked for something else first: {request.ToString().Split('\r')[0]}");
            }

            await stream.WriteAsync(Refusal, timeout.Token);
        }

        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, errors);
        return firstNext;
    }
}
