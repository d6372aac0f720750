using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ProtonCancelLambda.Local.Simulator;
using ProtonCancelLambda.Local.Simulator.Environments;
using ProtonCancelLambda.Local.Simulator.Faults;
using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.RateLimits;
using ProtonCancelLambda.Local.Simulator.Scenario;
using ProtonCancelLambda.Local.Simulator.Signing;
using ProtonCancelLambda.Local.Sns;
using ProtonCancelLambda.Local.Sqs;

namespace ProtonCancelLambda.Local.Services;

/// <summary>
/// A simulated AWS account on one loopback port: the Proton simulator, the SNS sink and the local request queue
/// (SQS), told apart as AWS's endpoints are (<see cref="RequestRouter"/>). Start it with <see cref="StartAsync"/>, point
/// clients at <see cref="Endpoint"/>, then read what happened: call counts, timelines, SNS messages.
/// </summary>
public sealed class AwsSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EnvironmentStore _environments;
    private readonly CallCounters _counters;
    private readonly TimeProvider _clock;

    private AwsSimulator(WebApplication app, EnvironmentStore environments, CallCounters counters, TimeProvider clock, SnsMessageLog sns, SnsFaultSwitch snsFaults, LocalRequestQueue requestQueue, Uri endpoint)
    {
        RequestQueue = requestQueue;
        _app = app;
        _environments = environments;
        _counters = counters;
        _clock = clock;
        Sns = sns;
        SnsFaults = snsFaults;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:PORT/ for Proton, SNS and SQS.</summary>
    public Uri Endpoint { get; }

    /// <summary>The one queue the SQS endpoint serves, at <see cref="RequestQueueUrl"/>.</summary>
    public LocalRequestQueue RequestQueue { get; }

    public Uri RequestQueueUrl => new(Endpoint, "123456789012/" + LocalRequestQueue.Name);

    public SnsMessageLog Sns { get; }

    /// <summary>Flip to make the SNS sink fail (5xx, throttle, dropped connection).</summary>
    public SnsFaultSwitch SnsFaults { get; }

    public IReadOnlyList<RecordedSnsMessage> SnsMessages => Sns.Messages;

    public ProtonCallCounts Calls => _counters.Snapshot();

    /// <summary>Every call that reached an operation or was throttled, in order, on the simulator's clock.</summary>
    public IReadOnlyList<ProtonCall> CallHistory => _counters.History;

    /// <summary>The simulator's clock now (the scenario's time: the rig's scaled clock when it runs faster).</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    public static async Task<AwsSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The empty builder reads no appsettings or ASPNETCORE_* variables, so nothing on the machine can move
        // the listener off 127.0.0.1.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();

        var clock = options.Clock;
        var environments = new EnvironmentStore(options.Scenario, clock.GetUtcNow());
        var counters = new CallCounters(clock);
        var log = new RequestLog(options.Output, clock);
        var verifier = new SigV4Verifier(options.Credentials, options.SigningClock);
        var faults = new FaultInjector(options.Scenario?.Faults ?? new ScenarioFaults(), clock);
        var proton = new ProtonEndpoint(verifier, new ProtonOperations(environments, clock), new AccountRateLimits(options.Scenario?.RateLimits, clock), faults, counters, log, clock);
        var sns = new SnsMessageLog();
        var snsFaults = new SnsFaultSwitch();
        var requestQueue = new LocalRequestQueue(clock);
        var router = new RequestRouter(proton, new SnsSink(verifier, sns, snsFaults, clock, log), new SqsQueueEndpoint(verifier, requestQueue, log), options.SigningClock, log);
        app.Run(router.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new AwsSimulator(app, environments, counters, clock, sns, snsFaults, requestQueue, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>The current deployment's timeline of <paramref name="environmentName"/>; null if it was never asked for.</summary>
    public EnvironmentTimeline? Timeline(string environmentName) => _environments.Timeline(environmentName, _clock.GetUtcNow());

    /// <summary>
    /// Starts a new deployment of <paramref name="environmentName"/> now, as an UpdateEnvironment with
    /// CURRENT_VERSION does (a rollback pipeline redeploying); fails as Proton would while one is in progress.
    /// </summary>
    public void StartDeployment(string environmentName) =>
        _environments.With(environmentName, environment => environment.Update(new EnvironmentUpdate("CURRENT_VERSION", null, null, null, null, null, null, null), _clock.GetUtcNow()));

    public IReadOnlyList<EnvironmentTimeline> Timelines => _environments.Timelines(_clock.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
