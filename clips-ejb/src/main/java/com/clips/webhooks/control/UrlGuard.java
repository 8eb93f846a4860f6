package com.clips.webhooks.control;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks away from what the server itself can reach but the internet cannot (SSRF): an
 * endpoint URL must be https (http only where the deployment allows it), and every address its
 * host resolves to must be public — not loopback, private, carrier-grade NAT, link-local (cloud
 * metadata), multicast, unspecified or reserved — unless the deployment allows loopback or private
 * networks. Checked when an endpoint is registered and again, with DNS resolved anew, before each
 * delivery.
 */
public final class UrlGuard {

    private final boolean allowHttp;
    private final boolean allowLoopback;
    private final boolean allowPrivate;

    public UrlGuard(boolean allowHttp, boolean allowLoopback, boolean allowPrivate) {
        this.allowHttp = allowHttp;
        this.allowLoopback = allowLoopback;
        this.allowPrivate = allowPrivate;
    }

    public static UrlGuard of(WebhookSettings settings) {
        return new UrlGuard(settings.allowHttp(), settings.allowLoopback(), settings.allowPrivate());
    }

    /** The URL as it will be called, if its form is acceptable (no lookup). */
    public URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("url is required.");
        }
        if (text.length() > 2048) {
            throw invalid("url is longer than 2048 characters.");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw invalid("url is not a URL: " + e.getReason() + ".");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw invalid("url must be an https URL" + (allowHttp ? " or an http URL." : "."));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("url must name a host.");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not carry user information.");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url must not have a fragment.");
        }
        return uri;
    }

    /** Parses and resolves the URL; refuses it if any address of its host is not one we may call. */
    public URI check(String text) {
        var uri = parse(text);
        resolve(uri);
        return uri;
    }

    public List<InetAddress> resolve(URI uri) {
        var host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw refused("The host " + uri.getHost() + " does not resolve.");
        }
        for (var address : addresses) {
            var why = refusal(address);
            if (why != null) {
                throw refused("The host " + uri.getHost() + " resolves to " + address.getHostAddress() + ", " + why
                        + "; webhooks go to public addresses only.");
            }
        }
        return List.of(addresses);
    }

    /** Why this address may not be called, or null. */
    String refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            var embedded = embeddedV4(v6.getAddress());
            if (embedded != null) {
                return refusal(embedded);
            }
        }
        byte[] b = address.getAddress();
        if (isMetadata(b)) {
            return "a cloud metadata address";
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0
                    || first >= 240
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0
                    || first == 198 && (second == 18 || second == 19)) {
                return "a reserved address";
            }
            if (address.isSiteLocalAddress() || first == 100 && second >= 64 && second < 128) {
                return allowPrivate ? null : "a private address";
            }
        } else {
            if ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
                return allowPrivate ? null : "a private address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation address";
            }
        }
        return null;
    }

    /** 169.254.169.254 (AWS, GCP, Azure), 100.100.100.200 (Alibaba), fd00:ec2::254 (AWS IPv6). */
    private static boolean isMetadata(byte[] b) {
        if (b.length == 4) {
            int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff, a3 = b[3] & 0xff;
            return a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254 || a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200;
        }
        return java.util.Arrays.equals(b, AWS_V6_METADATA);
    }

    private static final byte[] AWS_V6_METADATA = {
        (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
    };

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), compatible (::a.b.c.d) or NAT64 (64:ff9b::/96) one. */
    private static InetAddress embeddedV4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        boolean mapped = zeros && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
        boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_WEBHOOK_URL, detail);
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(ProblemType.WEBHOOK_URL_REFUSED, detail);
    }
}
