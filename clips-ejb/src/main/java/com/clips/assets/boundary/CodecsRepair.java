package com.clips.assets.boundary;

import com.clips.assets.control.MasterPlaylist;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.Rendition;
import com.clips.media.control.InitSegmentCodecs;
import com.clips.storage.control.ObjectStorage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Corrects the CODECS of renditions published before they were read from the init segment's own
 * boxes (ffprobe said level -99 for an init segment alone, printed as {@code ffffff9d}): the value
 * is read again from the stored init segment, and the asset's stored master playlist is written
 * anew. Runs once shortly after start for every such rendition, and for one asset whenever its
 * playlists are asked for with a value still wrong.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@Lock(LockType.READ) // repairs of different assets run side by side
public class CodecsRepair {

    private static final Logger LOG = Logger.getLogger(CodecsRepair.class.getName());
    private static final int MAX_INIT_SEGMENT_BYTES = 1 << 20;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    ObjectStorage storage;

    @EJB
    Assets assets;

    @EJB
    AudioTracks audioTracks;

    @EJB
    com.clips.protection.boundary.ContentKeys contentKeys;

    @Resource
    TimerService timers;

    @PostConstruct
    void scheduleSweep() {
        timers.createSingleActionTimer(5_000, new TimerConfig("codecs-repair", false));
    }

    /** Every rendition whose CODECS a browser would refuse, in the system scope (timers run there). */
    @Timeout
    void sweep() {
        var broken = em.createNamedQuery(Rendition.WITH_UNPUBLISHABLE_CODECS, Rendition.class)
                .getResultList();
        var byAsset = new LinkedHashMap<Asset, Boolean>();
        broken.forEach(r -> byAsset.put(r.asset(), true));
        int fixed = 0;
        for (var asset : byAsset.keySet()) {
            try {
                fixed += repair(asset, assets.renditions(asset));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "CODECS of asset " + asset.publicId() + " not repaired: " + e.getMessage());
            }
        }
        if (fixed > 0) {
            LOG.info("corrected the CODECS of " + fixed + " renditions of " + byAsset.size() + " assets");
        }
    }

    /**
     * Corrects {@code renditions} (all of one asset's) where needed; returns how many changed. The
     * caller's transaction writes the rows.
     */
    public int repair(Asset asset, List<Rendition> renditions) {
        int fixed = 0;
        for (var rendition : renditions) {
            if (rendition.hasPublishableCodecs()) {
                continue;
            }
            var init = new byte[MAX_INIT_SEGMENT_BYTES];
            int length = storage.readInto(rendition.initSegmentKey(), init);
            rendition.correctCodecs(InitSegmentCodecs.of(Arrays.copyOf(init, length)));
            fixed++;
        }
        if (fixed > 0 && asset.masterPlaylistKey() != null) {
            var master = MasterPlaylist.of(
                            renditions,
                            List.of(),
                            audioTracks.of(asset),
                            contentKeys.keyId(asset.publicId()).orElse(null))
                    .getBytes(StandardCharsets.UTF_8);
            storage.putBytes(asset.masterPlaylistKey(), master, master.length);
        }
        return fixed;
    }
}
