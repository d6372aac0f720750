using System.Net;
using System.Net.Sockets;

namespace ProtonCancelLambda.Testing;

/// <summary>A 127.0.0.1 port nothing listens on right now, for a server a test starts (or a port it wants refused).</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        // Port 0 lets the kernel choose; the listener is closed at once, so the port is free for the caller.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
