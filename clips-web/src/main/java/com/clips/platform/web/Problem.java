package com.clips.platform.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document. {@code type} is a stable, documented slug under /problems/. */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem("/problems/" + slug, title, status, detail, instance);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
