package com.clips.assets.control;

import com.clips.assets.entity.Asset;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import jakarta.json.Json;
import java.time.Instant;

/**
 * Domain events on the clips.events topic (asset.ready, asset.failed) for later consumers such as
 * webhooks. Sent through the XA connection factory, so an event is published exactly when the
 * state change it reports commits.
 */
@ApplicationScoped
public class AssetEvents {

    public static final String TOPIC = "java:/jms/topic/clips.events";
    public static final String READY = "asset.ready";
    public static final String FAILED = "asset.failed";

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @Resource(lookup = TOPIC)
    Topic events;

    public void publish(String type, Asset asset) {
        var body = Json.createObjectBuilder()
                .add("type", type)
                .add("assetId", asset.publicId().toString())
                .add("tenant", asset.tenantId())
                .add("status", asset.status().name())
                .add("occurredAt", Instant.now().toString());
        if (asset.processingError() != null) {
            body.add("reason", asset.processingError());
        }
        jms.createProducer()
                .setProperty("type", type)
                .setProperty("tenant", asset.tenantId())
                .send(events, body.build().toString());
    }
}
