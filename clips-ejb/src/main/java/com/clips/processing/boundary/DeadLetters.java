package com.clips.processing.boundary;

import com.clips.audit.boundary.AuditLog;
import com.clips.platform.ProblemException;
import com.clips.platform.Queues;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Processing requests parked on clips.processing.dlq, for operators: list them (browsing leaves
 * them in place) and replay one, which moves it back to clips.processing in one transaction, so
 * it is never lost or doubled. Operators see their own tenant's messages.
 */
@Stateless
public class DeadLetters {

    /** Set on messages the listener parks itself; the broker sets _AMQ_ORIG_QUEUE on those it parks. */
    public static final String ORIGINAL_QUEUE = "clipsOriginalQueue";

    /** Set on messages the listener parks itself: why redelivery cannot help. */
    public static final String REASON = "clipsDeadLetterReason";

    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[0-9A-Za-z-]{1,100}");

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @EJB
    AuditLog audit;

    @Resource(lookup = Queues.PROCESSING_DEAD_LETTERS)
    Queue deadLetters;

    @Resource(lookup = Queues.PROCESSING)
    Queue processing;

    public record DeadLetter(
            String messageId, String body, String reason, String originalQueue, int deliveries, Instant parkedAt) {}

    public List<DeadLetter> list(String tenantId, int limit) {
        var found = new ArrayList<DeadLetter>();
        try (var browser = jms.createBrowser(deadLetters, selector(tenantId, null))) {
            var messages = browser.getEnumeration();
            while (messages.hasMoreElements() && found.size() < limit) {
                found.add(view((Message) messages.nextElement()));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("could not browse the dead-letter queue", e);
        }
        return found;
    }

    /** Moves one dead letter back onto the processing queue; 404 if it is not (or no longer) there. */
    public void replay(String tenantId, String messageId) {
        var message = take(tenantId, messageId);
        audit.record(tenantId, "dead-letter.replay", messageId, null);
        try {
            jms.createProducer()
                    .setProperty("tenant", tenantId)
                    .send(processing, message instanceof TextMessage text ? text.getText() : null);
        } catch (JMSException e) {
            throw new IllegalStateException("could not replay dead letter " + messageId, e);
        }
    }

    /** Removes one dead letter for good (an operator decided it is not worth replaying); 404 if absent. */
    public void discard(String tenantId, String messageId) {
        take(tenantId, messageId);
        audit.record(tenantId, "dead-letter.discard", messageId, null);
    }

    // received inside the caller's JTA transaction: gone from the DLQ only if the transaction commits
    private Message take(String tenantId, String messageId) {
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw ProblemException.notFound("Dead letter " + messageId);
        }
        try (var consumer = jms.createConsumer(deadLetters, selector(tenantId, messageId))) {
            var message = consumer.receive(2000);
            if (message == null) {
                throw ProblemException.notFound("Dead letter " + messageId);
            }
            return message;
        }
    }

    private static String selector(String tenantId, String messageId) {
        var tenant = "tenant = '" + tenantId.replace("'", "''") + "'";
        return messageId == null ? tenant : tenant + " AND JMSMessageID = '" + messageId + "'";
    }

    private static DeadLetter view(Message message) throws JMSException {
        var body = message instanceof TextMessage text ? text.getText() : null;
        var original = message.propertyExists(ORIGINAL_QUEUE)
                ? message.getStringProperty(ORIGINAL_QUEUE)
                : message.getStringProperty("_AMQ_ORIG_QUEUE");
        int deliveries = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 0;
        return new DeadLetter(
                message.getJMSMessageID(),
                body == null ? null : body.substring(0, Math.min(body.length(), 500)),
                message.getStringProperty(REASON),
                original,
                deliveries,
                Instant.ofEpochMilli(message.getJMSTimestamp()));
    }
}
