package com.clips.uploads.boundary;

import com.clips.assets.boundary.Assets;
import com.clips.assets.entity.StoredOriginal;
import com.clips.events.control.Outbox;
import com.clips.events.entity.EventType;
import com.clips.platform.ProblemException;
import com.clips.uploads.entity.UploadSession;
import com.clips.uploads.entity.UploadState;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The upload_session rows, each change in its own short transaction: the bytes move outside any
 * transaction (minutes), the bookkeeping inside one (milliseconds). State changes lock the row, so
 * two completions of one session cannot both go ahead.
 */
@Stateless
public class UploadRecords {

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @EJB
    Assets assets;

    @Inject
    Outbox outbox;

    public UploadSession save(UploadSession session) {
        em.persist(session);
        record(EventType.UPLOAD_CREATED, session);
        return session;
    }

    /** An upload's event, in the transaction of its state change. */
    private void record(EventType type, UploadSession session) {
        outbox.record(session.tenantId(), type, session.id().toString(), data -> {
            data.add("state", session.state().name());
            data.add("protocol", session.protocol().name().toLowerCase(java.util.Locale.ROOT));
            data.add("ownerId", session.uploader().subject());
            data.add("fileName", session.fileName());
            data.add("declaredBytes", session.declaredBytes());
            data.add("receivedBytes", session.receivedBytes());
            session.assetId().ifPresent(a -> data.add("assetId", a.toString()));
            if (session.state() == UploadState.COMPLETED) {
                data.add("duplicate", session.duplicate());
            }
            session.problem().ifPresent(p -> data.add("problem", p.type().uri()));
        });
    }

    private static final java.util.Map<UploadState, EventType> ENDINGS = java.util.Map.of(
            UploadState.ABORTED, EventType.UPLOAD_CANCELLED,
            UploadState.EXPIRED, EventType.UPLOAD_EXPIRED,
            UploadState.FAILED, EventType.UPLOAD_FAILED);

    /** The caller's own session; anyone else's, or none, is a 404. */
    public UploadSession owned(String tenantId, String subject, UUID id) {
        var session = em.find(UploadSession.class, id);
        if (session == null || !session.ownedBy(tenantId, subject)) {
            throw ProblemException.notFound("The upload");
        }
        return session;
    }

    public UploadSession byStorageKey(String key) {
        return em.createNamedQuery(UploadSession.BY_STORAGE_KEY, UploadSession.class)
                .setParameter("key", key)
                .getResultStream()
                .findFirst()
                .orElse(null);
    }

    /** Applies a state change to the locked row and returns the session as committed. */
    public UploadSession change(UUID id, Consumer<UploadSession> change) {
        var session = em.find(UploadSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            throw ProblemException.notFound("The upload");
        }
        var before = session.state();
        change.accept(session);
        if (session.state() != before && ENDINGS.containsKey(session.state())) {
            record(ENDINGS.get(session.state()), session);
        }
        return session;
    }

    /**
     * Moves a tus upload's offset from {@code from} to {@code to}, unless someone else moved it
     * first (a second PATCH for the same upload): then nothing changes and the answer is false.
     */
    public boolean advance(UUID id, long from, long to) {
        return em.createNamedQuery(UploadSession.ADVANCE)
                        .setParameter("to", to)
                        .setParameter("now", Instant.now())
                        .setParameter("id", id)
                        .setParameter("from", from)
                        .setParameter("open", UploadState.OPEN)
                        .executeUpdate()
                == 1;
    }

    /** Records the multipart upload a tus session's parts go to, unless another request already did. */
    public boolean multipartStarted(UUID id, String uploadId) {
        return em.createNamedQuery(UploadSession.MULTIPART_STARTED)
                        .setParameter("upload", uploadId)
                        .setParameter("id", id)
                        .executeUpdate()
                == 1;
    }

    /**
     * The verified object becomes an asset (or, if the tenant already has the same content, the
     * session points at that one) and the session is completed, in one transaction.
     *
     * @return true if an asset with the same content existed, so the staged copy can go
     */
    public boolean complete(UUID id, StoredOriginal verified) {
        var session = em.find(UploadSession.class, id, LockModeType.PESSIMISTIC_WRITE);
        var registered = assets.registerUnlessPresent(session.uploader(), verified, session.details());
        session.completed(registered.asset().publicId(), registered.duplicate(), verified.sizeBytes());
        record(EventType.UPLOAD_COMPLETED, session);
        return registered.duplicate();
    }

    public List<UploadSession> stale(Instant now, int limit) {
        return em.createNamedQuery(UploadSession.STALE, UploadSession.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    public boolean isLive(UUID id) {
        return em.createNamedQuery(UploadSession.IS_LIVE, Long.class)
                        .setParameter("id", id)
                        .getSingleResult()
                > 0;
    }
}
