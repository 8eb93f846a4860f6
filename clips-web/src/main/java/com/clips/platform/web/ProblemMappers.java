package com.clips.platform.web;

import com.clips.platform.DependencyUnavailableException;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.RateLimitedException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Every error leaves as problem+json; nothing internal (no stack trace, no class name) leaks. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {}

    @Provider
    public static class Domain implements ExceptionMapper<ProblemException> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(ProblemException e) {
            var answer = Problem.of(e.type(), e.detail(), path(uri)).toResponse();
            if (e instanceof RateLimitedException limited) {
                return Response.fromResponse(answer)
                        .header("Retry-After", limited.retryAfterSeconds())
                        .build();
            }
            return answer;
        }
    }

    @Provider
    public static class Http implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uri;

        @Context
        SecurityContext security;

        @Override
        public Response toResponse(WebApplicationException e) {
            int code = e.getResponse().getStatus();
            if (e instanceof NotFoundException && e.getCause() != null) {
                // JAX-RS answers a query or path parameter it could not convert with 404; it is a 400
                LOG.fine(() -> "unconvertible parameter on " + path(uri) + ": " + e.getCause());
                return Problem.of(
                                ProblemType.INVALID_PARAMETER,
                                "A parameter could not be read as the type it must have.",
                                path(uri))
                        .toResponse();
            }
            if (code == 403 && (security == null || security.getUserPrincipal() == null)) {
                // RESTEasy answers a missing token on a @RolesAllowed resource with 403; it is a 401
                code = 401;
            }
            var response = Problem.forStatus(code, path(uri)).toResponse();
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> response.getHeaders().add(name, v));
                }
            });
            return response;
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Context
        UriInfo uri;

        @Override
        public Response toResponse(Throwable e) {
            var unreadable = unreadable(e, path(uri));
            if (unreadable != null) {
                LOG.fine(() -> "unreadable request to " + path(uri) + ": " + unreadable.detail());
                return unreadable.toResponse();
            }
            var down = unavailable(e);
            if (down != null) {
                LOG.warning(() -> down + " unavailable on " + path(uri) + ": " + e);
                return unavailableResponse(down, path(uri));
            }
            if (concurrentChange(e)) {
                LOG.info(() -> "concurrent change on " + path(uri) + ": " + e);
                return Problem.of(
                                ProblemType.CONCURRENT_CHANGE,
                                "Another request changed this at the same moment; read it again and retry.",
                                path(uri))
                        .toResponse();
            }
            var incident = UUID.randomUUID();
            LOG.log(Level.SEVERE, "incident " + incident + " on " + path(uri), e);
            return Problem.of(
                            ProblemType.INTERNAL_ERROR,
                            "The request failed on our side; quote incident " + incident + " when reporting it.",
                            path(uri))
                    .toResponse();
        }
    }

    /** How long a client should wait before trying again after an outage. */
    static final String RETRY_AFTER_SECONDS = "15";

    /** The 503 for an outage of {@code dependency}, with Retry-After. */
    static Response unavailableResponse(String dependency, String instance) {
        return Response.fromResponse(Problem.of(
                                ProblemType.UNAVAILABLE,
                                "The " + dependency + " is not answering; try again in a few seconds.",
                                instance)
                        .toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    /**
     * Which service we depend on is down or overloaded (worth a 503 and a retry later), or null.
     * Storage failures are classified at its adapter ({@link DependencyUnavailableException}); a
     * raw SDK client error and an open circuit breaker or fault-tolerance timeout mean storage
     * too; a JDBC connection failure (SQLState class 08, a pool that cannot get a connection) is
     * the database; a JMS failure is the message broker.
     */
    static String unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DependencyUnavailableException d) {
                return d.dependency();
            }
            if (t instanceof SdkClientException || isA(t, FAULT_TOLERANCE)) {
                return "object storage";
            }
            if (t instanceof SQLException sql
                    && (sql instanceof SQLTransientConnectionException
                            || sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return "database";
            }
            if (isA(t, "org.hibernate.exception.JDBCConnectionException")
                    || isA(t, "jakarta.resource.ResourceException")) {
                return "database";
            }
            if (t instanceof JMSException || t instanceof JMSRuntimeException) {
                return "message broker";
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return null;
    }

    /**
     * A lost optimistic-lock race (an entity's {@code @Version} moved between read and write): the
     * caller's request was sound, another one got there first. Hibernate's own exception is
     * compared by name, as the WAR does not compile against Hibernate.
     */
    static boolean concurrentChange(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || isA(t, "org.hibernate.StaleStateException")) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /**
     * MicroProfile Fault Tolerance's exceptions come from the EJB module's FT interceptors; the WAR
     * itself uses no FT annotation, so WildFly does not give it that API's classes (an
     * {@code instanceof} here failed with NoClassDefFoundError): compared by name.
     */
    private static final String FAULT_TOLERANCE =
            "org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException";

    private static boolean isA(Throwable t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** Parsson's refusal of JSON nested deeper than its limit (1000), a bare RuntimeException. */
    private static final String TOO_DEEP = "Input is too deeply nested";

    private static final Pattern PROPERTY =
            Pattern.compile("Unable to deserialize property '([^']{1,200})' because of: ");
    private static final Pattern UNKNOWN = Pattern.compile("^Json property (\\S{1,200}) can not be mapped to a class");

    /**
     * A request body or parameter that the binding layer could not read (malformed JSON, a wrong
     * type or shape, an unknown key, a number out of range; RESTEasy's own reader failures): a 400
     * naming the field where JSON-B told which, else null. Never a 500, never a stack trace.
     */
    static Problem unreadable(Throwable failure, String instance) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonbException json) {
                return jsonProblem(json.getMessage(), instance);
            }
            if (t instanceof JsonException) {
                return Problem.of(ProblemType.BAD_REQUEST, "The body is not valid JSON.", instance);
            }
            if (t.getMessage() != null && t.getMessage().startsWith(TOO_DEEP)) {
                return Problem.of(ProblemType.BAD_REQUEST, "The JSON body is nested too deeply.", instance);
            }
            int status = clientErrorOf(t);
            if (status > 0) {
                return Problem.forStatus(status, instance);
            }
        }
        return null;
    }

    static Problem jsonProblem(String message, String instance) {
        var rest = message == null ? "" : message;
        var path = new ArrayList<String>();
        for (var m = PROPERTY.matcher(rest); m.lookingAt(); m = PROPERTY.matcher(rest)) {
            path.add(m.group(1));
            rest = rest.substring(m.end());
        }
        var unknown = UNKNOWN.matcher(rest);
        if (unknown.find()) {
            path.add(unknown.group(1));
            return Problem.of(ProblemType.INVALID_FIELD, "Unknown field '" + String.join(".", path) + "'.", instance);
        }
        if (path.isEmpty()) {
            return Problem.of(ProblemType.BAD_REQUEST, "The body is not JSON of the expected shape.", instance);
        }
        var what = rest.contains(JsonBinding.NOT_A_WHOLE_NUMBER)
                ? "must be a whole number in range"
                : rest.contains(JsonBinding.NOT_A_STRING)
                        ? "must be a string"
                        : rest.contains(JsonBinding.NOT_A_BOOLEAN) ? "must be true or false" : "has the wrong type";
        return Problem.of(ProblemType.INVALID_FIELD, "Field '" + String.join(".", path) + "' " + what + ".", instance);
    }

    /**
     * RESTEasy reports reader failures (e.g. an unreadable form or multipart body) as its
     * {@code org.jboss.resteasy.spi.Failure}, which carries the HTTP status it meant; clips-web does
     * not compile against RESTEasy, so the status is read by name.
     */
    private static int clientErrorOf(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.jboss.resteasy.spi.Failure")) {
                try {
                    int code = (int) c.getMethod("getErrorCode").invoke(t);
                    return code >= 400 && code < 500 ? code : 0;
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
