package com.clips.platform.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CORS for browser apps on the origins in {@code clips.cors.allowed-origins} (comma-separated,
 * exact matches; none by default, so no CORS header is ever sent). Preflights are answered before
 * authentication (they carry no token); real answers expose the headers tus and paging clients
 * read. Bearer tokens, not cookies: credentials are never allowed.
 */
@Provider
@PreMatching
public class Cors implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Upload-Length, Upload-Offset, "
            + "Upload-Metadata, Upload-Checksum, Upload-Defer-Length, Tus-Resumable, X-HTTP-Method-Override, Range";
    private static final String EXPOSED_HEADERS = "Location, Link, X-Total-Count, Retry-After, Upload-Offset, "
            + "Upload-Length, Upload-Expires, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, Clips-Asset-Id";

    @Inject
    @ConfigProperty(name = "clips.cors.allowed-origins")
    Optional<String> allowedOrigins;

    /**
     * Header-free playback and oEmbed answer any origin: they take no credentials and a page anywhere
     * may embed a clip (a signed playback ID's token carries its own restriction).
     */
    static boolean isPublicPlayback(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        var relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.startsWith("playback/") || relative.equals("oembed");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        var origin = allowed(request);
        if (origin.isPresent()
                && "OPTIONS".equals(request.getMethod())
                && request.getHeaderString("Access-Control-Request-Method") != null) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Origin", origin.get())
                    .header("Access-Control-Allow-Methods", METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", "600")
                    .header("Vary", "Origin")
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        allowed(request).ifPresent(origin -> {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            response.getHeaders().putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
            response.getHeaders().add("Vary", "Origin");
        });
    }

    private Optional<String> allowed(ContainerRequestContext request) {
        var origin = request.getHeaderString("Origin");
        if (origin != null && isPublicPlayback(request)) {
            return Optional.of("*");
        }
        if (origin == null || allowedOrigins.isEmpty()) {
            return Optional.empty();
        }
        List<String> origins = Arrays.stream(allowedOrigins.get().split(","))
                .map(String::strip)
                .toList();
        return origins.contains(origin) ? Optional.of(origin) : Optional.empty();
    }
}
