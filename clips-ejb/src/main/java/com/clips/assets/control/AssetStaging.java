package com.clips.assets.control;

import com.clips.assets.entity.Asset;
import com.clips.storage.control.StagingOwner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** An asset whose original is not promoted yet still refers to its staging object. */
@ApplicationScoped
public class AssetStaging implements StagingOwner {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Override
    public void settle() {
        // nothing of an asset lapses by time
    }

    @Override
    public boolean owns(String stagingKey) {
        return em.createNamedQuery(Asset.COUNT_BY_STORAGE_KEY, Long.class)
                        .setParameter("key", stagingKey)
                        .getSingleResult()
                > 0;
    }
}
