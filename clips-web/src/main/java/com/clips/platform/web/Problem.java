package com.clips.platform.web;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document. {@code type} is a stable, documented slug under /problems/. */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** What a 401 must carry (RFC 9110 §11.6.1): how to authenticate. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"clips\"";

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem("/problems/" + slug, title, status, detail, instance);
    }

    /**
     * The problem for a bare HTTP status that the container or JAX-RS raised rather than our code
     * (no token, wrong role, unknown path, body over Undertow's limit, ...).
     */
    public static Problem forStatus(int code, String instance) {
        var known = Response.Status.fromStatusCode(code);
        var reason = known == null ? "Error" : known.getReasonPhrase();
        return switch (code) {
            case 401 ->
                of(
                        401,
                        "unauthenticated",
                        "Unauthenticated",
                        "A valid bearer token is required (POST /api/v1/auth/token).",
                        instance);
            case 413 -> of(413, "upload-too-large", "Upload too large", "The request body is too large.", instance);
            case 500 -> of(500, "internal-error", "Internal error", "The request failed on our side.", instance);
            default ->
                of(
                        code,
                        reason.toLowerCase().replaceAll("[^a-z0-9]+", "-"),
                        reason,
                        switch (code) {
                            case 403 -> "Your role does not allow this.";
                            case 404 -> "No such resource.";
                            case 405 -> "That method is not allowed here.";
                            case 406 -> "No acceptable representation; ask for application/json.";
                            case 415 -> "That request body type is not accepted here.";
                            default -> reason + ".";
                        },
                        instance);
        };
    }

    public Response toResponse() {
        var response = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        return response.build();
    }
}
