using ProtonCancelLambda.Local.Simulator.Metrics;
using ProtonCancelLambda.Local.Simulator.Protocol;
using ProtonCancelLambda.Local.Simulator.Scenario;

namespace ProtonCancelLambda.Local.Simulator.Environments;

/// <summary>One simulated environment. Not thread-safe: <see cref="EnvironmentStore"/> serialises access.</summary>
internal sealed class SimulatedEnvironment
{
    private const string TemplateName = "simulated-environment-template";

    private readonly ScenarioEnvironment _scenario;
    private readonly string _arn;
    private readonly DateTimeOffset _createdAt;
    private readonly List<StatusObservation> _observations = [];
    private Deployment _current;
    private string _previousSucceededId;
    private DateTimeOffset _previousSucceededAt;
    private int _major = 1;
    private int _minor;
    private int _cancelCalls;
    private EnvironmentUpdate? _lastUpdate;

    public SimulatedEnvironment(ScenarioEnvironment scenario, DateTimeOffset startedAt)
    {
        _scenario = scenario;
        _arn = scenario.Arn ?? $"arn:aws:proton:us-east-1:123456789012:environment/{scenario.Name}";
        _createdAt = startedAt - TimeSpan.FromDays(1);
        _previousSucceededId = NewDeploymentId();
        _previousSucceededAt = _createdAt;
        _current = new Deployment(
            scenario.LastAttemptedDeploymentId ?? NewDeploymentId(),
            scenario.LastDeploymentAttemptedAt ?? DefaultAttemptedAt(startedAt),
            scenario.DeploymentStatus,
            scenario.CompletesAs,
            startedAt + Seconds(scenario.CompletesAfterSeconds),
            scenario.Cancel);
    }

    /// <summary>
    /// When a deployment the scenario gives no time for started: the earlier of one hour before the simulator
    /// started and 2025-01-01. The function never cancels a deployment that started after the request, and
    /// the sample events in events/ carry fixed request times (November 2025 and 2026); they must still cancel.
    /// </summary>
    public static readonly DateTimeOffset DefaultAttemptedAtLatest = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Name => _scenario.Name;

    /// <summary>How long the answer to a cancel that took effect is held back (scenario <c>cancel.answerDelaySeconds</c>).</summary>
    public TimeSpan CancelAnswerDelay => TimeSpan.FromSeconds(_scenario.Cancel.AnswerDelaySeconds);

    public string? FailWith => _scenario.FailWith;

    public EnvironmentView Get(DateTimeOffset now)
    {
        var view = View(now);
        _observations.Add(new StatusObservation(now, view.LastAttemptedDeploymentId, view.DeploymentStatus));
        return view;
    }

    public EnvironmentView Cancel(DateTimeOffset now)
    {
        _cancelCalls++;
        var status = _current.StatusAt(now);
        if (status != DeploymentStatuses.InProgress)
        {
            throw new ProtonException(ProtonErrors.Validation, $"Environment {Name} deployment {_current.Id} is in {status} status and can't be cancelled; only an IN_PROGRESS deployment can be cancelled.");
        }

        if (_scenario.Cancel.RefuseWith is { } refusal)
        {
            throw new ProtonException(refusal, $"Simulated {refusal}: the cancel of environment {Name} deployment {_current.Id} is refused (scenario cancel.refuseWith).");
        }

        _current.RequestCancel(now);
        return View(now);
    }

    public EnvironmentView Update(EnvironmentUpdate update, DateTimeOffset now)
    {
        _lastUpdate = MergeMetadata(update);
        if (update.DeploymentType == "NONE")
        {
            return View(now);
        }

        var status = _current.StatusAt(now);
        if (status is DeploymentStatuses.InProgress or DeploymentStatuses.Cancelling)
        {
            throw new ProtonException(ProtonErrors.Conflict, $"Environment {Name} has a deployment in {status} status; wait for it to finish or cancel it.");
        }

        RememberSucceeded(now);
        (_major, _minor) = NextVersion(update);
        _current = new Deployment(NewDeploymentId(), now, DeploymentStatuses.InProgress, _scenario.CompletesAs, now + Seconds(_scenario.CompletesAfterSeconds), _scenario.Cancel);
        return View(now);
    }

    public EnvironmentTimeline Timeline(DateTimeOffset now) => new(
        Name,
        _current.Id,
        _current.CancelRequestedAt,
        _current.SettledAt(now),
        _current.StatusAt(now),
        [.. _observations])
    {
        CancelCalls = _cancelCalls,
    };

    private EnvironmentView View(DateTimeOffset now)
    {
        var status = _current.StatusAt(now);
        var succeededNow = status == DeploymentStatuses.Succeeded;
        return new EnvironmentView(
            _arn,
            Name,
            _createdAt,
            status,
            _current.StatusMessageAt(now),
            _current.Id,
            _current.AttemptedAt,
            succeededNow ? _current.Id : _previousSucceededId,
            succeededNow ? _current.SettledAt(now) ?? _current.AttemptedAt : _previousSucceededAt,
            TemplateName,
            _major.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _lastUpdate?.Description,
            _lastUpdate?.Spec,
            _lastUpdate?.ProtonServiceRoleArn,
            _lastUpdate?.CodebuildRoleArn,
            _lastUpdate?.ComponentRoleArn);
    }

    private void RememberSucceeded(DateTimeOffset now)
    {
        if (_current.StatusAt(now) == DeploymentStatuses.Succeeded)
        {
            _previousSucceededId = _current.Id;
            _previousSucceededAt = _current.SettledAt(now) ?? _current.AttemptedAt;
        }
    }

    // MINOR_VERSION and MAJOR_VERSION move to the requested version, or else to the next one, as if a newer
    // template version had been published.
    private (int Major, int Minor) NextVersion(EnvironmentUpdate update)
    {
        var major = ParseOr(update.TemplateMajorVersion, update.DeploymentType == "MAJOR_VERSION" ? _major + 1 : _major);
        var minor = ParseOr(update.TemplateMinorVersion, update.DeploymentType switch
        {
            "MAJOR_VERSION" => 0,
            "MINOR_VERSION" => _minor + 1,
            _ => _minor,
        });
        return (major, minor);
    }

    private EnvironmentUpdate MergeMetadata(EnvironmentUpdate update) => update with
    {
        Description = update.Description ?? _lastUpdate?.Description,
        Spec = update.Spec ?? _lastUpdate?.Spec,
        ProtonServiceRoleArn = update.ProtonServiceRoleArn ?? _lastUpdate?.ProtonServiceRoleArn,
        CodebuildRoleArn = update.CodebuildRoleArn ?? _lastUpdate?.CodebuildRoleArn,
        ComponentRoleArn = update.ComponentRoleArn ?? _lastUpdate?.ComponentRoleArn,
    };

    private static int ParseOr(string? value, int fallback) =>
        int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private static DateTimeOffset DefaultAttemptedAt(DateTimeOffset startedAt)
    {
        var hourBefore = startedAt - TimeSpan.FromHours(1);
        return hourBefore < DefaultAttemptedAtLatest ? hourBefore : DefaultAttemptedAtLatest;
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static string NewDeploymentId() => Guid.NewGuid().ToString("D");
}
