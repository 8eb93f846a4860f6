package com.clips.platform.web;

import com.clips.platform.ProblemType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document. {@code type} is a stable, documented {@code /problems/} URI. */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** What a 401 must carry (RFC 9110 §11.6.1): how to authenticate. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"clips\"";

    /** The document for a problem of the catalogue. */
    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance);
    }

    /**
     * The problem for a bare HTTP status that the container or JAX-RS raised rather than our code
     * (no token, wrong role, unknown path, body over Undertow's limit, ...).
     */
    public static Problem forStatus(int code, String instance) {
        return switch (code) {
            case 400 -> of(ProblemType.BAD_REQUEST, "The request could not be read.", instance);
            case 401 ->
                of(
                        ProblemType.UNAUTHENTICATED,
                        "A valid bearer token is required (POST /api/v1/auth/token).",
                        instance);
            case 403 -> of(ProblemType.FORBIDDEN, "Your role does not allow this.", instance);
            case 404 -> of(ProblemType.NOT_FOUND, "No such resource.", instance);
            case 405 -> of(ProblemType.METHOD_NOT_ALLOWED, "That method is not allowed here.", instance);
            case 406 ->
                of(ProblemType.NOT_ACCEPTABLE, "No acceptable representation; ask for application/json.", instance);
            case 413 -> of(ProblemType.UPLOAD_TOO_LARGE, "The request body is too large.", instance);
            case 415 ->
                of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "That request body type is not accepted here.", instance);
            case 500 -> of(ProblemType.INTERNAL_ERROR, "The request failed on our side.", instance);
            default -> {
                // a status no route of ours answers with (e.g. Undertow's 411 or 431): named after its reason
                var known = Response.Status.fromStatusCode(code);
                var reason = known == null ? "Error" : known.getReasonPhrase();
                yield new Problem(
                        "/problems/" + reason.toLowerCase().replaceAll("[^a-z0-9]+", "-"),
                        reason,
                        code,
                        reason + ".",
                        instance);
            }
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
