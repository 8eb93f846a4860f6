package com.clips.processing.boundary;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Consumes clips.processing. A message that keeps failing (database or repository down) is
 * redelivered with backoff and then parked on clips.processing.dlq (wildfly-config/clips.cli).
 * Redeliveries of a message already acted on do nothing (ProcessingJobs is idempotent per asset).
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/clips.processing"),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProcessingRequestListener implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ProcessingRequestListener.class.getName());

    @EJB
    ProcessingJobs jobs;

    @Override
    public void onMessage(Message message) {
        UUID assetId;
        try {
            assetId = UUID.fromString(((TextMessage) message).getText());
        } catch (JMSException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            // redelivering will not help; failing lets the broker park it on the DLQ for an operator
            LOG.severe(() -> "unreadable processing message " + message + ": " + e);
            throw new IllegalArgumentException("unreadable processing message", e);
        }
        jobs.startFor(assetId);
    }
}
