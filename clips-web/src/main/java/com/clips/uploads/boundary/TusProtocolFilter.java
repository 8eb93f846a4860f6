package com.clips.uploads.boundary;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * tus requires every request but OPTIONS to name the protocol version it speaks, and every
 * response (errors included) to carry Tus-Resumable.
 */
@Provider
@PreMatching
public class TusProtocolFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (isTus(request) && !"OPTIONS".equals(request.getMethod())) {
            var version = request.getHeaderString("Tus-Resumable");
            if (!TusResource.VERSION.equals(version)) {
                throw new ProblemException(
                        ProblemType.TUS_VERSION,
                        "Send Tus-Resumable: " + TusResource.VERSION + " (the only version this server speaks).");
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (isTus(request)) {
            response.getHeaders().putSingle("Tus-Resumable", TusResource.VERSION);
            if (response.getStatus() == 412) {
                response.getHeaders().putSingle("Tus-Version", TusResource.VERSION);
            }
        }
    }

    private static boolean isTus(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        return path.equals("tus") || path.startsWith("tus/") || path.equals("/tus") || path.startsWith("/tus/");
    }
}
