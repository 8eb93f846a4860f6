package com.clips.platform.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;

/**
 * Error page for what fails before JAX-RS sees the request (an invalid or expired bearer token
 * refused by the MP-JWT mechanism, a body over Undertow's limit): problem+json there too.
 */
@WebServlet("/problem-error")
public class ProblemErrorServlet extends HttpServlet {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var status = (Integer) request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status == null ? 500 : status;
        var uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        var problem = Problem.forStatus(code, uri);
        response.setStatus(code);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        if (code == 401) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, Problem.BEARER_CHALLENGE);
        }
        response.getWriter().write(JSON.toJson(problem));
    }
}
