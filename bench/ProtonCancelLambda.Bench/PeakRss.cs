using System.Globalization;

namespace ProtonCancelLambda.Bench;

/// <summary>A process's peak resident set size, as Linux reports it.</summary>
internal static class PeakRss
{
    /// <summary>Peak resident set size so far (VmHWM), in bytes; the process must still be running.</summary>
    public static long BytesOf(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("VmHWM not found in /proc status.");
    }
}
