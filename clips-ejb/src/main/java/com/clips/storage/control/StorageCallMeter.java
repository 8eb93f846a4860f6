package com.clips.storage.control;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;

/**
 * {@code clips_storage_calls_seconds}: every public {@link ObjectStorage} call's latency by
 * operation (the method) and outcome (ok, or the exception's simple name), retries included.
 */
public class StorageCallMeter {

    @Inject
    MeterRegistry meters;

    @AroundInvoke
    Object measure(InvocationContext call) throws Exception {
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            return call.proceed();
        } catch (Exception e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } finally {
            meters.timer("clips.storage.calls", "operation", call.getMethod().getName(), "outcome", outcome)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
