package com.clips.platform.web;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.Text;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.Map;

/**
 * One rule for the text of every request ({@link Text}): checked on the query and path parameters
 * before a resource runs, and on every string of a JSON body once it is read (record components,
 * lists, maps, JSON-P values), naming the offending parameter or field.
 */
@Provider
public class TextGuard implements ContainerRequestFilter, ReaderInterceptor {

    @Override
    public void filter(ContainerRequestContext request) {
        var info = request.getUriInfo();
        info.getQueryParameters(true).forEach((name, values) -> {
            Text.require(ProblemType.INVALID_PARAMETER, "query parameter", name);
            values.forEach(v -> Text.require(ProblemType.INVALID_PARAMETER, name, v));
        });
        info.getPathParameters(true)
                .forEach((name, values) -> values.forEach(v -> Text.require(ProblemType.INVALID_PARAMETER, name, v)));
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        var entity = context.proceed();
        check("body", entity, 0);
        return entity;
    }

    private static void check(String path, Object value, int depth) {
        if (value == null || depth > 32) {
            return;
        }
        if (value instanceof String text) {
            Text.require(path, text);
        } else if (value instanceof JsonString text) {
            Text.require(path, text.getString());
        } else if (value instanceof JsonObject object) {
            object.forEach((key, v) -> {
                Text.require(path, key);
                check(join(path, key), v, depth + 1);
            });
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                check(path + "[" + i + "]", array.get(i), depth + 1);
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (var item : items) {
                check(path + "[" + i++ + "]", item, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> check(join(path, String.valueOf(k)), v, depth + 1));
        } else if (value.getClass().isRecord()) {
            for (var component : value.getClass().getRecordComponents()) {
                check(join(path, component.getName()), read(component, value), depth + 1);
            }
        }
    }

    private static Object read(java.lang.reflect.RecordComponent component, Object record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "The body could not be read.");
        }
    }

    private static String join(String path, String key) {
        return path.equals("body") ? key : path + "." + key;
    }
}
