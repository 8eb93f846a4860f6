package com.clips.assets.boundary;

import com.clips.assets.control.CaptionFile;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.CaptionKind;
import com.clips.assets.entity.CaptionTrack;
import com.clips.identity.Viewer;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.Text;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Caption tracks uploaded for an asset, one per language: whoever may see the asset lists them;
 * the owner, a moderator or an administrator adds, replaces and deletes them, once the asset is
 * Ready (a cue is checked against the clip's length). Every upload or replacement writes its WebVTT
 * at a key of its own before the row points at it; the version the row stops pointing at is deleted
 * once the transaction has committed, and the new one if it rolled back, so the row never names
 * missing or half-replaced bytes.
 */
@Stateless
public class CaptionTracks {

    private static final Logger LOG = Logger.getLogger(CaptionTracks.class.getName());

    /** The longest label a track has (the API refuses longer ones; a source's title is cut). */
    public static final int MAX_LABEL = 100;

    /** A new track's contents: its label (default: the language's English name) and kind. */
    public record Upload(String language, String label, CaptionKind kind, byte[] file) {}

    @EJB
    Assets assets;

    @Inject
    ObjectStorage storage;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public List<CaptionTrack> list(Viewer viewer, UUID assetId) {
        return of(assets.visibleLive(viewer, assetId));
    }

    /** The tracks of an asset already found, by language. */
    public List<CaptionTrack> of(Asset asset) {
        return em.createNamedQuery(CaptionTrack.OF_ASSET, CaptionTrack.class)
                .setParameter("asset", asset)
                .getResultList();
    }

    /** One track's WebVTT as stored. */
    public String webvtt(CaptionTrack track) {
        return storage.readText(track.storageKey());
    }

    public CaptionTrack add(Viewer viewer, UUID assetId, Upload upload) {
        var asset = editable(viewer, assetId);
        // concurrent uploads of one language wait here, so the later ones see the first one's row
        // (a 409) instead of losing to the unique index at commit (a 500)
        em.lock(asset, LockModeType.PESSIMISTIC_WRITE);
        var language = CaptionTrack.language(upload.language())
                .orElseThrow(() -> new ProblemException(
                        ProblemType.INVALID_FILTER, "language must be a BCP-47 language tag such as en or pt-BR."));
        if (find(asset, language).isPresent()) {
            throw new ProblemException(
                    ProblemType.CAPTIONS_EXIST,
                    "The asset has a " + language + " caption track; replace it with PUT or delete it first.");
        }
        var track = new CaptionTrack(asset, language, newKey(asset, language));
        store(asset, track, upload);
        em.persist(track);
        afterCompletion(null, track.storageKey());
        return track;
    }

    /**
     * A text subtitle track the processing took from the source (SourceSubtitles), added unless
     * the asset has a track of its language already (an upload, or an earlier run's): the first of
     * a language wins, so a restart or a reprocess adds nothing twice. Returns why it was left out,
     * if it was: a file the caption rules refuse (cues out of order or past the clip's end, too
     * large) is not stored, and the clip is processed without it.
     */
    public Optional<String> addExtracted(UUID assetId, String language, String title, CaptionKind kind, byte[] webvtt) {
        var asset = em.createNamedQuery(Asset.BY_PUBLIC_ID, Asset.class)
                .setParameter("publicId", assetId)
                .getSingleResult();
        em.lock(asset, LockModeType.PESSIMISTIC_WRITE);
        var tag = CaptionTrack.language(language).orElse("und");
        if (find(asset, tag).isPresent()) {
            return Optional.of("the asset has a " + tag + " caption track already");
        }
        var label = Text.oneLine(title, MAX_LABEL);
        if (label.isEmpty() && tag.equals("und")) {
            label = "Subtitles";
        }
        var track = new CaptionTrack(asset, tag, newKey(asset, tag));
        try {
            store(asset, track, new Upload(tag, label.isEmpty() ? null : label, kind, webvtt));
        } catch (ProblemException e) {
            return Optional.of(e.detail());
        }
        em.persist(track);
        afterCompletion(null, track.storageKey());
        return Optional.empty();
    }

    public CaptionTrack replace(Viewer viewer, UUID assetId, Upload upload) {
        var asset = editable(viewer, assetId);
        var track = existing(asset, upload.language());
        var replaced = track.storageKey();
        track.relocate(newKey(asset, track.language()));
        store(asset, track, upload);
        afterCompletion(replaced, track.storageKey());
        return track;
    }

    public void delete(Viewer viewer, UUID assetId, String language) {
        var asset = editable(viewer, assetId);
        var track = existing(asset, language);
        em.remove(track);
        afterCompletion(track.storageKey(), null);
    }

    private static String newKey(Asset asset, String language) {
        return StorageKeys.caption(
                asset.tenantId(),
                asset.publicId(),
                language,
                UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Deletes {@code ifCommitted} once the transaction has committed, {@code ifRolledBack} once it
     * has rolled back. A delete that fails leaves an object under the asset's prefix, which its
     * purge removes.
     */
    private void afterCompletion(String ifCommitted, String ifRolledBack) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                var stale = status == Status.STATUS_COMMITTED ? ifCommitted : ifRolledBack;
                if (stale == null) {
                    return;
                }
                try {
                    storage.delete(stale);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "caption object " + stale + " not deleted: " + e);
                }
            }
        });
    }

    private void store(Asset asset, CaptionTrack track, Upload upload) {
        double length = asset.metadata() == null ? 0 : asset.metadata().lengthSeconds();
        var parsed = CaptionFile.parse(upload.file(), length);
        var bytes = parsed.webvtt().getBytes(StandardCharsets.UTF_8);
        var label = upload.label() != null
                ? upload.label()
                : Locale.forLanguageTag(track.language()).getDisplayName(Locale.ENGLISH);
        track.describe(
                label, upload.kind() == null ? CaptionKind.SUBTITLES : upload.kind(), bytes.length, parsed.cues());
        storage.putBytes(track.storageKey(), bytes, bytes.length);
    }

    private CaptionTrack existing(Asset asset, String language) {
        return CaptionTrack.language(language)
                .flatMap(tag -> find(asset, tag))
                .orElseThrow(() -> ProblemException.notFound("Caption track " + language));
    }

    private Optional<CaptionTrack> find(Asset asset, String language) {
        return of(asset).stream().filter(t -> t.language().equals(language)).findFirst();
    }

    private Asset editable(Viewer viewer, UUID assetId) {
        return assets.editableWhenReady(viewer, assetId, "Caption tracks");
    }
}
