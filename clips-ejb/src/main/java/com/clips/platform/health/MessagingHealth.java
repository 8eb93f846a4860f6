package com.clips.platform.health;

import com.clips.platform.Queues;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The broker accepts a connection, the processing queue exists, and how many messages are parked. */
@Readiness
@ApplicationScoped
public class MessagingHealth implements HealthCheck {

    private static final int COUNT_LIMIT = 10_000;

    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = Queues.PROCESSING)
    Queue processing;

    @Resource(lookup = Queues.PROCESSING_DEAD_LETTERS)
    Queue deadLetters;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("messaging").withData("queue", "clips.processing");
        try (var context = connectionFactory.createContext();
                var queued = context.createBrowser(processing);
                var parked = context.createBrowser(deadLetters)) {
            queued.getEnumeration();
            int count = 0;
            for (var e = parked.getEnumeration(); e.hasMoreElements() && count < COUNT_LIMIT; e.nextElement()) {
                count++;
            }
            return response.up().withData("deadLetters", count).build();
        } catch (JMSRuntimeException | JMSException e) {
            return response.down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
