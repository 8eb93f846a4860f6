package com.clips.assets.boundary;

import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetDetails;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.StoredOriginal;
import com.clips.platform.ProblemException;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.UUID;

/**
 * The asset catalog's transactional edge. {@link #register} is the business transaction of an
 * upload: the row and the processing message commit together or not at all.
 */
@Stateless
public class Assets {

    public static final String PROCESSING_QUEUE = "java:/jms/queue/clips.processing";

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    @JMSConnectionFactory("java:/JmsXA")
    JMSContext jms;

    @Resource(lookup = PROCESSING_QUEUE)
    Queue processingQueue;

    public Asset register(String tenantId, String ownerId, StoredOriginal original, AssetDetails details) {
        var asset = new Asset(tenantId, ownerId, original, details);
        em.persist(asset);
        jms.createProducer()
                .setProperty("tenant", tenantId)
                .send(processingQueue, asset.publicId().toString());
        asset.moveTo(AssetStatus.QUEUED);
        return asset;
    }

    public Optional<Asset> find(String tenantId, UUID publicId) {
        return em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", publicId)
                .setParameter("tenantId", tenantId)
                .getResultStream().findFirst();
    }

    public Asset get(String tenantId, UUID publicId) {
        return find(tenantId, publicId).orElseThrow(() -> ProblemException.notFound("Asset " + publicId));
    }

    public Optional<Asset> findSameContent(String tenantId, String sha256) {
        return em.createNamedQuery(Asset.BY_CONTENT_HASH, Asset.class)
                .setParameter("tenantId", tenantId)
                .setParameter("hash", sha256)
                .setMaxResults(1)
                .getResultStream().findFirst();
    }

    public boolean referencesStorageKey(String key) {
        return em.createNamedQuery(Asset.COUNT_BY_STORAGE_KEY, Long.class).setParameter("key", key)
                .getSingleResult() > 0;
    }
}
