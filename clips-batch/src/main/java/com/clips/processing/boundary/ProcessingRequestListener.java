package com.clips.processing.boundary;

import com.clips.platform.LogContext;
import com.clips.platform.Queues;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.lang.management.ManagementFactory;
import java.util.EnumSet;
import java.util.UUID;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Consumes clips.processing. Each session starts one job and waits for it to end, so the number of
 * sessions (CLIPS_PROCESSING_CONCURRENCY, default 2) is how many jobs run at once on this node
 * (it stops waiting when the server suspends, so a graceful shutdown is not held up by a job);
 * consumerWindowSize 0 keeps a busy session from holding messages other sessions could take.
 * A message that cannot be read is moved to clips.processing.dlq at once (redelivery cannot fix
 * it); one that fails for other reasons (database or repository down) is redelivered with backoff
 * and parked on the DLQ after 5 attempts (wildfly-config/clips.cli). Redeliveries of a message
 * already acted on do nothing (ProcessingJobs.startFor is idempotent per asset).
 */
@MessageDriven(
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Queues.PROCESSING),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            @ActivationConfigProperty(
                    propertyName = "maxSession",
                    propertyValue = "${env.CLIPS_PROCESSING_CONCURRENCY:2}"),
            @ActivationConfigProperty(propertyName = "consumerWindowSize", propertyValue = "0")
        })
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProcessingRequestListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ProcessingRequestListener.class.getName());
    private static final ObjectName SERVER = serverName();
    private static final EnumSet<BatchStatus> ENDED =
            EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private static ObjectName serverName() {
        try {
            return new ObjectName("jboss.as:management-root=server");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @EJB
    ProcessingJobs jobs;

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @Resource(lookup = Queues.PROCESSING_DEAD_LETTERS)
    Queue deadLetters;

    @Override
    public void onMessage(Message message) {
        UUID assetId;
        try {
            assetId = UUID.fromString(((TextMessage) message).getText());
        } catch (JMSException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            park(message, "unreadable processing request: " + e.getClass().getSimpleName());
            return;
        }
        LogContext.put(LogContext.ASSET, assetId);
        LogContext.put(LogContext.TENANT, tenantOf(message));
        try {
            long execution = jobs.startFor(assetId);
            if (execution > 0) {
                awaitEnd(execution);
            }
        } finally {
            LogContext.remove(LogContext.ASSET, LogContext.TENANT);
        }
    }

    private static String tenantOf(Message message) {
        try {
            return message.getStringProperty("tenant");
        } catch (JMSException e) {
            return null;
        }
    }

    private void awaitEnd(long execution) {
        try {
            while (!ENDED.contains(jobs.status(execution))) {
                if (serverSuspending()) {
                    // an in-flight delivery would hold the server's suspend (and so a graceful
                    // shutdown) until the job ends; the job goes on, and is interrupted and
                    // resumed if the node really goes down
                    LOG.info(() -> "server suspending: no longer waiting for execution " + execution);
                    return;
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's suspend state from its management model, as WildFly exposes it over JMX. */
    private static boolean serverSuspending() {
        try {
            var state = ManagementFactory.getPlatformMBeanServer().getAttribute(SERVER, "suspendState");
            return state != null && !"RUNNING".equals(state.toString());
        } catch (JMException | RuntimeException e) {
            return false;
        }
    }

    /** Moves a message redelivery cannot fix to the DLQ, with the reason, for an operator. */
    private void park(Message message, String reason) {
        LOG.severe(() -> reason + " (" + message + "); moved to the dead-letter queue");
        var producer = jms.createProducer()
                .setProperty(DeadLetters.REASON, reason)
                .setProperty(DeadLetters.ORIGINAL_QUEUE, "jms.queue.clips.processing");
        try {
            var tenant = message.getStringProperty("tenant");
            if (tenant != null) {
                producer.setProperty("tenant", tenant);
            }
            producer.send(deadLetters, message instanceof TextMessage text ? text.getText() : null);
        } catch (JMSException | RuntimeException e) {
            // cannot even copy it: fail, and the broker parks the original after its attempts
            throw new IllegalStateException("could not move unreadable message to the DLQ", e);
        }
    }
}
