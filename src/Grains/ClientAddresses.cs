using System.Net;

namespace OrleansEio;

/// <summary>What a per-address budget counts as one client.</summary>
internal static class ClientAddresses
{
    /// <summary>
    /// An IPv4 address as it is (IPv4-mapped IPv6 included), or the /64 network of an IPv6 address: one host or
    /// site is usually given a whole /64, so counting single IPv6 addresses would let it multiply its budget.
    /// </summary>
    public static IPAddress BudgetKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>The key for an address as the handshake recorded it; unparsable or missing addresses share one key.</summary>
    public static string BudgetKey(string? address)
        => IPAddress.TryParse(address, out var parsed) ? BudgetKey(parsed).ToString() : string.Empty;
}
