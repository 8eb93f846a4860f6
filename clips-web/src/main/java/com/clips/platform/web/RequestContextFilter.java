package com.clips.platform.web;

import com.clips.platform.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives every request an id, answered in {@code X-Request-Id} and put with the caller's tenant into
 * the logging MDC, so every log line the request causes (the JSON formatter writes the MDC) can be
 * found by it. A caller's own {@code X-Request-Id} is kept when it is a plain token of at most 64
 * characters (a proxy's or a client's id), so one id follows the request through both logs.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestContextFilter extends HttpFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var id = requestId(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        LogContext.put(LogContext.REQUEST_ID, id);
        if (request.getUserPrincipal() instanceof JsonWebToken token) {
            LogContext.put(LogContext.TENANT, token.getClaim("tenant"));
        }
        try {
            chain.doFilter(request, response);
        } finally {
            LogContext.remove(LogContext.REQUEST_ID, LogContext.TENANT);
        }
    }

    /** The caller's id where it is safe to log and echo, otherwise a new one. */
    static String requestId(String offered) {
        return offered != null && SAFE_ID.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
    }
}
