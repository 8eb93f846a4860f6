package com.clips.platform.web;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Counts a route's answers in {@code meter} (a counter {@code <meter>_total} with the labels
 * {@code route}, {@code status} and {@code outcome}: accepted, refused or failed), e.g. uploads by
 * route and tokens issued or refused. With {@code bytes}, an accepted request's body size is added
 * to {@code clips_upload_received_bytes_total} for the route. See {@link OutcomeMetrics}.
 */
@NameBinding
@Retention(RUNTIME)
@Target({METHOD, TYPE})
public @interface Outcome {
    String meter() default "";

    String route() default "";

    boolean bytes() default false;
}
