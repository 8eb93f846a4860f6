package com.clips.platform.web;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One way to refuse query parameters an operation does not take: a 400 naming the ones it does,
 * before the resource runs (so a misspelt filter never reads as "no filter", and a misspelt
 * option of a POST never runs the action with defaults). An operation's parameters are what it
 * declares with {@code @QueryParam}, on the method, its {@code @BeanParam}s and its class: the
 * same declarations the OpenAPI document is made from.
 */
@Provider
public class KnownQueryParameters implements ContainerRequestFilter {

    private static final Map<Method, Set<String>> KNOWN = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        var method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        var known = KNOWN.computeIfAbsent(method, m -> declared(resource.getResourceClass(), m));
        for (var name : request.getUriInfo().getQueryParameters(false).keySet()) {
            if (!known.contains(name)) {
                throw new ProblemException(
                        ProblemType.INVALID_FILTER,
                        "Unknown query parameter '" + name + "'"
                                + (known.isEmpty()
                                        ? "; this operation takes none."
                                        : ". Accepted: " + String.join(", ", known) + "."));
            }
        }
    }

    static Set<String> declared(Class<?> resourceClass, Method method) {
        var names = new TreeSet<String>();
        for (var parameter : method.getParameters()) {
            add(names, parameter);
            if (parameter.isAnnotationPresent(BeanParam.class)) {
                bean(names, parameter.getType(), 0);
            }
        }
        if (resourceClass != null) {
            bean(names, resourceClass, 0);
        }
        return Set.copyOf(names);
    }

    private static void bean(Set<String> names, Class<?> type, int depth) {
        for (Class<?> c = type; c != null && c != Object.class && depth < 4; c = c.getSuperclass()) {
            for (var field : c.getDeclaredFields()) {
                add(names, field);
                if (field.isAnnotationPresent(BeanParam.class)) {
                    bean(names, field.getType(), depth + 1);
                }
            }
            for (var setter : c.getDeclaredMethods()) {
                add(names, setter);
            }
        }
    }

    private static void add(Set<String> names, AnnotatedElement element) {
        var query = element.getAnnotation(QueryParam.class);
        if (query != null) {
            names.add(query.value());
        }
    }
}
