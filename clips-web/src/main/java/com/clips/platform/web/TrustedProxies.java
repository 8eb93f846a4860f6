package com.clips.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The proxies whose {@code X-Forwarded-*} headers are believed: {@code clips.http.trusted-proxies},
 * a comma-separated list of addresses and CIDR ranges (IPv4 or IPv6; none by default). A request
 * whose peer is not in the list is taken as it arrived: its forwarded headers change no URL and no
 * client address. Only address literals are accepted (never a name: no DNS lookup per request).
 */
public final class TrustedProxies {

    static final String SETTING = "clips.http.trusted-proxies";

    private static final Logger LOG = Logger.getLogger(TrustedProxies.class.getName());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private static volatile TrustedProxies configured;
    private static volatile String configuredFrom;

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** Parses a list such as {@code 10.0.0.0/8, 192.168.1.7, fd00::/8}; blank means none. */
    public static TrustedProxies parse(String list) {
        var ranges = new ArrayList<Range>();
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        for (var raw : list.split(",")) {
            var entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            var address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(SETTING + ": '" + entry + "' is not an address or CIDR range");
            }
            int max = address.length * 8;
            int bits = max;
            if (slash >= 0) {
                var prefix = entry.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > max) {
                    throw new IllegalArgumentException(SETTING + ": '" + entry + "' has no valid prefix length");
                }
                bits = Integer.parseInt(prefix);
            }
            ranges.add(new Range(address, bits));
        }
        return new TrustedProxies(ranges);
    }

    /** The configured list (re-read when the setting changes; an invalid list trusts nobody, loudly). */
    public static TrustedProxies configured() {
        var value = ConfigProvider.getConfig()
                .getOptionalValue(SETTING, String.class)
                .orElse("");
        if (!value.equals(configuredFrom)) {
            TrustedProxies parsed;
            try {
                parsed = parse(value);
            } catch (IllegalArgumentException e) {
                LOG.severe(e.getMessage() + "; no proxy is trusted");
                parsed = NONE;
            }
            configured = parsed;
            configuredFrom = value;
        }
        return configured;
    }

    /** Whether a peer address (a literal, as the server saw it) is one of the trusted proxies. */
    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        var bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (var range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the peer's own unless the peer is trusted, else the nearest address in
     * {@code X-Forwarded-For} (read right to left) that is not itself a trusted proxy. An entry that
     * is no address literal ends the walk at the hop that wrote it.
     */
    public String clientAddress(String peer, String forwardedFor) {
        if (!trusts(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        var hops = forwardedFor.split(",");
        var client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            var hop = hops[i].trim();
            if (literal(hop) == null) {
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** The client address of a servlet request under the configured proxies. */
    public static String clientAddress(HttpServletRequest request) {
        return configured().clientAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets and zone allowed), or null: never a lookup. */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        var s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (IPV4.matcher(s).matches()) {
            for (var part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!(s.indexOf(':') >= 0 && IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
