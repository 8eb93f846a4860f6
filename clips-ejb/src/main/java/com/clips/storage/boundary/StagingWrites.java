package com.clips.storage.boundary;

import com.clips.platform.NodeName;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.entity.StagingWrite;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.logging.Logger;

/**
 * The streamed uploads this node is writing to staging storage, each recorded (in a transaction
 * of its own) while its bytes flow. At start-up, the ones a previous life of this node left
 * recorded were cut off by a kill: no request can complete them any more, so their multipart
 * uploads are aborted and their staging objects deleted now, not after the janitor's grace
 * period. Uploads that can still complete (direct sessions, tus) are not recorded here.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
@Lock(LockType.READ) // each call is one short insert or delete: uploads do not queue behind each other
public class StagingWrites {

    private static final Logger LOG = Logger.getLogger(StagingWrites.class.getName());

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    ObjectStorage storage;

    public void begin(String key) {
        em.persist(new StagingWrite(key, NodeName.get()));
    }

    public void end(String key) {
        var write = em.find(StagingWrite.class, key);
        if (write != null) {
            em.remove(write);
        }
    }

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void abortCutOff() {
        var cutOff = em.createNamedQuery(StagingWrite.OF_NODE, StagingWrite.class)
                .setParameter("node", NodeName.get())
                .getResultList();
        int aborted = 0;
        for (var write : cutOff) {
            try {
                for (var open : storage.openUploads(write.key())) {
                    if (open.key().equals(write.key())) {
                        storage.abortMultipart(open.key(), open.uploadId());
                        aborted++;
                    }
                }
                storage.delete(write.key());
                em.remove(write);
            } catch (RuntimeException e) {
                // storage down: kept for the next start (and the janitor's sweep)
                LOG.warning(() -> "upload " + write.key() + " cut off by a stop of this node not cleaned up yet: " + e);
            }
        }
        if (!cutOff.isEmpty()) {
            int count = aborted;
            LOG.warning(() -> cutOff.size() + " upload(s) cut off by a stop of this node removed; " + count
                    + " open multipart upload(s) aborted");
        }
    }
}
