package com.clips.platform.web;

import com.clips.platform.ProblemType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Error page for what fails before JAX-RS sees the request (an invalid or expired bearer token
 * refused by the MP-JWT mechanism, a body over Undertow's limit): problem+json there too.
 */
@WebServlet("/problem-error")
public class ProblemErrorServlet extends HttpServlet {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Logger LOG = Logger.getLogger(ProblemErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var status = (Integer) request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status == null ? 500 : status;
        var uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        var failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (code == 500 && tokenNotEvaluated(request, failure)) {
            // e.g. a kid the verification keys do not have: the token mechanism fails instead of refusing
            LOG.fine(() -> "bearer token refused: the token mechanism could not evaluate it");
            code = 401;
        } else if (code == 500 && failure != null && ProblemMappers.unavailable(failure) != null) {
            var down = ProblemMappers.unavailable(failure);
            LOG.warning(() -> down + " unavailable on " + uri + " before the API saw it: " + failure);
            code = 503;
            response.setHeader("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
        } else if (code == 500) {
            LOG.log(Level.WARNING, "request to " + uri + " failed before the API saw it", failure);
        }
        var problem = code == 503 && failure != null && ProblemMappers.unavailable(failure) != null
                ? Problem.of(
                        ProblemType.UNAVAILABLE,
                        "The " + ProblemMappers.unavailable(failure) + " is not answering; try again in a few seconds.",
                        uri)
                : Problem.forStatus(code, uri);
        response.setStatus(code);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        if (code == 401) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, Problem.BEARER_CHALLENGE);
        }
        response.getWriter().write(JSON.toJson(problem));
    }

    /**
     * The MP-JWT mechanism failed on the token itself (e.g. a kid its keys do not have) rather than
     * refusing it: Undertow reports that as a 500 with no exception, before any servlet ran (a failure
     * inside the API is answered by JAX-RS and never comes here). A request that brought a bearer
     * token and has no caller after authentication is such a case; the token is not accepted: 401.
     */
    private static boolean tokenNotEvaluated(HttpServletRequest request, Throwable failure) {
        var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return failure == null
                && request.getUserPrincipal() == null
                && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
