namespace ProtonCancelLambda.Aws.Http;

/// <summary>
/// The AWS SDKs' "adaptive" retry mode: a client-side token bucket whose rate follows the service's throttling
/// answers, so many callers sharing one account limit slow down together instead of spending their retries on
/// throttles. Off until the first throttle; then each throttle cuts the rate to 0.7 of what was being sent, and
/// each success grows it back along a cubic curve (CUBIC congestion control) towards, then past, the rate that
/// was last throttled; never above twice the rate actually measured. An attempt reserves a token and waits
/// for it, so concurrent callers queue in order.
/// </summary>
internal sealed class AdaptiveRateLimiter(TimeProvider clock)
{
    private const double Beta = 0.7;
    private const double ScaleConstant = 0.4;
    private const double Smoothing = 0.8;
    private const double MinFillRate = 0.5;
    private const double MinCapacity = 1;

    private readonly Lock _lock = new();
    private readonly long _origin = clock.GetTimestamp();
    private bool _enabled;
    private double _fillRate;
    private double _maxCapacity;
    private double _capacity;
    private double _lastRefill;
    private double _lastMaxRate;
    private double _lastThrottle;
    private double _timeWindow;
    private double _measuredRate;
    private double _requestCount;
    private double _lastRateBucket;
    private double? _firstAnswer;

    /// <summary>The rate the bucket refills at (calls a second); 0 before the first throttle.</summary>
    public double FillRate
    {
        get
        {
            lock (_lock)
            {
                return _enabled ? _fillRate : 0;
            }
        }
    }

    /// <summary>
    /// Takes a token for one attempt and says how long to wait before sending it; null when that wait would end
    /// at or after <paramref name="deadline"/> (then nothing is taken).
    /// </summary>
    public TimeSpan? Reserve(DateTimeOffset deadline)
    {
        lock (_lock)
        {
            if (!_enabled)
            {
                return TimeSpan.Zero;
            }

            Refill(Now());
            var wait = _capacity >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _capacity) / _fillRate);
            if (clock.GetUtcNow() + wait >= deadline)
            {
                return null;
            }

            _capacity--;
            return wait;
        }
    }

    /// <summary>Every answer (or its absence) updates the rate: a throttle cuts it, anything else lets it grow.</summary>
    public void OnAnswer(bool throttled)
    {
        lock (_lock)
        {
            var now = Now();
            UpdateMeasuredRate(now);
            double calculated;
            if (throttled)
            {
                var rate = _enabled ? Math.Min(_measuredRate, _fillRate) : FirstMeasure(now);
                _lastMaxRate = rate;
                _timeWindow = Math.Cbrt(_lastMaxRate * (1 - Beta) / ScaleConstant);
                _lastThrottle = now;
                calculated = rate * Beta;
                _enabled = true;
            }
            else
            {
                _timeWindow = Math.Cbrt(_lastMaxRate * (1 - Beta) / ScaleConstant);
                calculated = (ScaleConstant * Math.Pow(now - _lastThrottle - _timeWindow, 3)) + _lastMaxRate;
            }

            SetRate(now, Math.Min(calculated, 2 * _measuredRate));
        }
    }

    private double Now() => clock.GetElapsedTime(_origin).TotalSeconds;

    /// <summary>
    /// The rate sent before the first throttle. A fresh process (a cold Lambda instance) is often throttled in
    /// its first half second, before the smoothed measure has a bucket: the SDKs then take 0 and fall to the
    /// floor (0.5 calls a second), starving a batch of concurrent records; the answers counted so far over at
    /// least a second are a fairer start.
    /// </summary>
    private double FirstMeasure(double now) =>
        _measuredRate > 0 ? _measuredRate : _requestCount / Math.Max(1, now - (_firstAnswer ?? now));

    private void Refill(double now)
    {
        _capacity = Math.Min(_maxCapacity, _capacity + ((now - _lastRefill) * _fillRate));
        _lastRefill = now;
    }

    private void SetRate(double now, double rate)
    {
        Refill(now);
        _fillRate = Math.Max(rate, MinFillRate);
        _maxCapacity = Math.Max(rate, MinCapacity);
        _capacity = Math.Min(_capacity, _maxCapacity);
    }

    /// <summary>The rate actually sent, in half-second buckets, smoothed.</summary>
    private void UpdateMeasuredRate(double now)
    {
        var bucket = Math.Floor(now * 2) / 2;
        _firstAnswer ??= now;
        _requestCount++;
        if (bucket > _lastRateBucket)
        {
            var current = _requestCount / (bucket - _lastRateBucket);
            _measuredRate = (current * Smoothing) + (_measuredRate * (1 - Smoothing));
            _requestCount = 0;
            _lastRateBucket = bucket;
        }
    }
}
