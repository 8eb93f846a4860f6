package com.clips.assets.control;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.Rendition;
import com.clips.events.control.Outbox;
import com.clips.events.entity.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * An asset's events, written to the outbox in the transaction of the change they report: the
 * asset as a consumer sees it (status, owner, title, media once probed, the reason of a failure).
 */
@ApplicationScoped
public class AssetEvents {

    @Inject
    Outbox outbox;

    public void record(EventType type, Asset asset) {
        outbox.record(asset.tenantId(), type, asset.publicId().toString(), data -> describe(data, asset));
    }

    /** A rendition was stored; the first of the asset's run makes it playable. */
    public void renditionReady(Asset asset, Rendition rendition, boolean first) {
        outbox.record(
                asset.tenantId(),
                EventType.ASSET_RENDITION_READY,
                asset.publicId().toString(),
                data -> {
                    describe(data, asset);
                    var stored = Json.createObjectBuilder()
                            .add("name", rendition.name())
                            .add("width", rendition.width())
                            .add("height", rendition.height())
                            .add("bandwidth", rendition.bandwidth())
                            .add("codecs", rendition.codecs())
                            .add("remuxed", rendition.remuxed());
                    if (rendition.crf() == null) {
                        stored.addNull("crf");
                    } else {
                        stored.add("crf", rendition.crf());
                    }
                    data.add("rendition", stored);
                    data.add("first", first);
                });
    }

    private static void describe(JsonObjectBuilder data, Asset asset) {
        data.add("status", asset.status().name());
        data.add("ownerId", asset.ownerId());
        Outbox.put(data, "title", asset.title());
        data.add("fileName", asset.originalFileName());
        data.add("sizeBytes", asset.fileSizeBytes());
        data.add("visibility", asset.isPublic() ? "public" : "private");
        var media = asset.metadata();
        if (media != null && media.width() != null) {
            Outbox.put(data, "durationSeconds", media.durationSeconds());
            Outbox.put(data, "width", media.width());
            Outbox.put(data, "height", media.height());
        }
        Outbox.put(data, "jobId", asset.jobExecutionId());
        Outbox.put(data, "reason", asset.processingError());
    }
}
