package com.clips.platform.web;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code X-Forwarded-Proto}, {@code -Host}, {@code -Port} and {@code -Prefix} from a trusted proxy
 * ({@link TrustedProxies}) become the request's base URI, so every {@code Location}, {@code Link}
 * and tus URL built from it names the address the client used. From any other peer they are
 * ignored, and so is its Host header: those URLs name {@code clips.public-base-url} (when it is
 * configured), so no client can make the server hand out links to a host of its choosing. Values
 * that are not a plain scheme, host, port or path are ignored too.
 */
@Provider
@PreMatching
@Priority(100)
public class ForwardedHeaders implements ContainerRequestFilter {

    private static final Pattern HOST =
            Pattern.compile("(\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}))(:\\d{1,5})?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern PREFIX = Pattern.compile("(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~-]+){1,16}/?");

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (servletRequest == null) {
            return;
        }
        var info = request.getUriInfo();
        URI forwarded;
        if (TrustedProxies.configured().trusts(servletRequest.getRemoteAddr())) {
            forwarded = forwardedBase(
                    info.getBaseUri(),
                    first(request.getHeaderString("X-Forwarded-Proto")),
                    first(request.getHeaderString("X-Forwarded-Host")),
                    first(request.getHeaderString("X-Forwarded-Port")),
                    first(request.getHeaderString("X-Forwarded-Prefix")));
        } else {
            // anyone else chooses the Host header: the configured public address is named instead
            forwarded = publicBaseUrl()
                    .flatMap(configured -> publicBase(info.getBaseUri(), configured))
                    .orElse(info.getBaseUri());
        }
        if (forwarded.equals(info.getBaseUri())) {
            return;
        }
        var base = info.getBaseUri().toString();
        var full = info.getRequestUri().toString();
        var rest = full.startsWith(base) ? full.substring(base.length()) : "";
        request.setRequestUri(forwarded, URI.create(forwarded + rest));
    }

    /** {@code clips.public-base-url}: the address clients and viewers reach the server at, when configured. */
    public static Optional<String> publicBaseUrl() {
        return ConfigProvider.getConfig().getOptionalValue("clips.public-base-url", String.class);
    }

    /** The base URI with what a trusted proxy forwarded; unusable values leave their part as it was. */
    static URI forwardedBase(URI base, String proto, String host, String port, String prefix) {
        var scheme = base.getScheme();
        if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
            scheme = proto.toLowerCase(java.util.Locale.ROOT);
        }
        var authority = base.getRawAuthority();
        if (host != null && HOST.matcher(host).matches()) {
            authority = host;
        } else if (proto != null && !scheme.equals(base.getScheme()) && host == null) {
            authority = hostOnly(authority); // the scheme changed: the internal port means nothing outside
        }
        if (port != null && PORT.matcher(port).matches() && Integer.parseInt(port) <= 65535) {
            authority = hostOnly(authority) + ":" + port;
        }
        var path = base.getRawPath();
        if (prefix != null && PREFIX.matcher(prefix).matches()) {
            path = prefix.replaceAll("/+$", "") + path;
        }
        return URI.create(scheme + "://" + authority + path);
    }

    /** The base URI on the configured public address (its path prefix kept before the base's path); empty if unusable. */
    static Optional<URI> publicBase(URI base, String configured) {
        try {
            var address = URI.create(configured.trim().replaceAll("/+$", ""));
            if (address.getScheme() == null || address.getRawAuthority() == null) {
                return Optional.empty();
            }
            var prefix = address.getRawPath() == null ? "" : address.getRawPath();
            return Optional.of(
                    URI.create(address.getScheme() + "://" + address.getRawAuthority() + prefix + base.getRawPath()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String hostOnly(String authority) {
        if (authority.startsWith("[")) {
            return authority.substring(0, authority.indexOf(']') + 1);
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    /** The first of a comma-separated header value (the hop nearest the client), or null. */
    private static String first(String value) {
        if (value == null) {
            return null;
        }
        var first = value.split(",", 2)[0].trim();
        return first.isEmpty() ? null : first;
    }
}
