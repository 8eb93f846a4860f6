package com.clips.platform.web;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * How every JSON body is bound: strictly. A key the target does not have is refused (a misspelt
 * quota must not read as "unlimited"), and a number is taken only if it is a whole number that fits
 * its field (JSON-B would otherwise turn 1e400 into 0 and 99999999999 into 1215752191), a string
 * only if it is a JSON string and a boolean only if it is true or false. The
 * failures reach {@link ProblemMappers} as {@link JsonbException}s naming the property.
 */
@Provider
public class JsonBinding implements ContextResolver<Jsonb> {

    /** Yasson's switch (org.eclipse.yasson.YassonConfig.FAIL_ON_UNKNOWN_PROPERTIES). */
    static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

    static final String NOT_A_WHOLE_NUMBER = "not a whole number in range";
    static final String NOT_A_STRING = "not a string";
    static final String NOT_A_BOOLEAN = "not true or false";

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .setProperty(FAIL_ON_UNKNOWN_PROPERTIES, true)
            .withDeserializers(new ExactInteger(), new ExactLong(), new StrictString(), new StrictBoolean()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** An Integer field that refuses fractions, overflow and strings instead of rounding or wrapping. */
    public static class ExactInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return exact(parser, BigDecimal::intValueExact);
        }
    }

    /** The same for a Long field. */
    public static class ExactLong implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            return exact(parser, BigDecimal::longValueExact);
        }
    }

    /** A String field takes a JSON string (or null), not a number or boolean turned into text. */
    public static class StrictString implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            var value = parser.getValue();
            if (value == JsonValue.NULL) {
                return null;
            }
            if (value instanceof JsonString text) {
                return text.getString();
            }
            throw new JsonbException(NOT_A_STRING);
        }
    }

    /** A Boolean field takes true or false (or null), not "yes" or 1. */
    public static class StrictBoolean implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context, Type type) {
            var value = parser.getValue();
            if (value == JsonValue.NULL) {
                return null;
            }
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                return value == JsonValue.TRUE;
            }
            throw new JsonbException(NOT_A_BOOLEAN);
        }
    }

    static <T> T exact(JsonParser parser, Function<BigDecimal, T> exact) {
        var value = parser.getValue();
        if (value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number)) {
            throw new JsonbException(NOT_A_WHOLE_NUMBER);
        }
        try {
            return exact.apply(number.bigDecimalValue());
        } catch (ArithmeticException e) {
            throw new JsonbException(NOT_A_WHOLE_NUMBER);
        }
    }
}
