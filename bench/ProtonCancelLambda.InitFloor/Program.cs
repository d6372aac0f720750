// A minimal Lambda custom runtime: HttpClient, GET next, POST an empty response, until `next` fails. Nothing else
// runs before the first `next`, so its init is the floor the function's is measured against.
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
var api = $"http://{Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")}/2018-06-01/runtime/invocation/";
while (true)
{
    using var next = await http.GetAsync(new Uri(api + "next"));
    if (!next.IsSuccessStatusCode)
    {
        return 1;
    }

    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    using var content = new StringContent("{}");
    using var response = await http.PostAsync(new Uri(api + requestId + "/response"), content);
}
