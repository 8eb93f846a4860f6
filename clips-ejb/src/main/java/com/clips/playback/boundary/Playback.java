package com.clips.playback.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.analytics.entity.EventType;
import com.clips.assets.boundary.Assets;
import com.clips.assets.boundary.AudioTracks;
import com.clips.assets.boundary.CaptionTracks;
import com.clips.assets.boundary.CodecsRepair;
import com.clips.assets.control.Chapters;
import com.clips.assets.control.DashManifest;
import com.clips.assets.control.MasterPlaylist;
import com.clips.assets.entity.Asset;
import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.CaptionKind;
import com.clips.assets.entity.CaptionTrack;
import com.clips.assets.entity.ImageSet;
import com.clips.assets.entity.PlaybackId;
import com.clips.assets.entity.Rendition;
import com.clips.identity.Viewer;
import com.clips.media.control.ContentKey;
import com.clips.media.control.FrameGrab;
import com.clips.media.control.Packager;
import com.clips.media.control.SignedPlaylist;
import com.clips.media.control.UnsupportedMediaException;
import com.clips.platform.DependencyUnavailableException;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.processing.control.WorkArea;
import com.clips.protection.boundary.ContentKeys;
import com.clips.storage.control.Delivery;
import com.clips.storage.control.ObjectStorage;
import com.clips.storage.control.StorageKeys;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a player or a browser fetches for an asset: short-lived URLs of the stored objects (or the
 * CDN's), and HLS playlists whose every segment carries its own signed URL, valid for the clip's
 * length plus {@code clips.playback.url-margin}, so a viewer who pauses does not lose the stream.
 * An asset is reached either by its id, for a caller who may see it (the API routes), or by one of
 * its playback IDs, in the scope of the ID's tenant (the header-free routes; see {@link PublicPlayback}).
 * Plays, downloads and shares are recorded as analytics events, which also keep the asset's counters:
 * on the API's routes the fetch of a stream or a master playlist by a known user is the play; on the
 * header-free routes only a player's beacon is ({@link #beacon}), so a player that preloads or
 * retries, or a client that sends no beacons (VLC, ffplay), counts no view.
 */
@Stateless
public class Playback {

    /** What a rendition's name and its files look like; anything else is not ours (404). */
    static final Pattern RENDITION = Pattern.compile("[0-9]{3,4}p");

    /** An audio track's rendition name, {@code a<position>} (see AudioTrack). */
    static final Pattern AUDIO_RENDITION = Pattern.compile("a[0-9]{1,2}");

    static final Pattern SEGMENT = Pattern.compile("init\\.mp4|seg_[0-9]{5}\\.m4s");

    /** Who is behind a header-free request: nobody the tenant knows. */
    static final String ANONYMOUS = "anonymous";

    @EJB
    Assets assets;

    @EJB
    CodecsRepair codecs;

    @EJB
    CaptionTracks captions;

    @EJB
    AudioTracks audioTracks;

    @EJB
    ContentKeys contentKeys;

    @Inject
    Packager packager;

    @Inject
    Delivery delivery;

    @Inject
    EventBuffer events;

    @Inject
    ObjectStorage storage;

    @Inject
    FrameGrab frames;

    @Inject
    @ConfigProperty(name = "clips.work.dir")
    Optional<String> workDir;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "clips.playback.url-margin", defaultValue = "PT2H")
    Duration margin;

    // ---- the API's routes: an asset the caller may see, by its id

    /** The progressive file: the compressed MP4 when there is one, else the original. Records a view. */
    public URI stream(Viewer viewer, UUID id) {
        var asset = published(assets.visible(viewer, id));
        events.record(asset, viewer, EventType.VIEW);
        return progressive(asset);
    }

    /** The original, saved under its own (sanitised) file name. Records a download. */
    public URI download(Viewer viewer, UUID id) {
        var asset = notDeleted(viewer, id);
        events.record(asset, viewer, EventType.DOWNLOAD);
        return delivery.download(asset.originalKey(), asset.originalFileName(), asset.contentType());
    }

    /** The caller shared the asset (their client tells us; the link itself is the client's business). */
    public void share(Viewer viewer, UUID id) {
        events.record(notDeleted(viewer, id), viewer, EventType.SHARE);
    }

    public URI thumbnail(Viewer viewer, UUID id) {
        return image(assets.visible(viewer, id), ImageSet::posterKey, "thumbnail");
    }

    public URI preview(Viewer viewer, UUID id, boolean webp) {
        return image(assets.visible(viewer, id), webp ? ImageSet::previewWebpKey : ImageSet::previewGifKey, "preview");
    }

    /**
     * The master playlist: its variant URIs are relative, so they resolve to {@link #media}. Records
     * a view. Caption tracks are published on the header-free routes only.
     */
    public String master(Viewer viewer, UUID id) {
        var asset = ready(assets.visible(viewer, id));
        events.record(asset, viewer, EventType.VIEW);
        return master(asset, List.of());
    }

    /** One rendition's media playlist with signed segment URLs. */
    public String media(Viewer viewer, UUID id, String rendition) {
        return media(ready(assets.visible(viewer, id)), rendition);
    }

    // ---- the header-free routes: by playback ID, in the scope of its tenant (PublicPlayback)

    /** Counts no view: a player's play beacon does, once per viewer session ({@link #beacon}). */
    public String master(String playbackId) {
        var asset = ready(byPlaybackId(playbackId));
        return master(asset, captions.of(asset));
    }

    /**
     * The MPEG-DASH MPD over the same segments (see {@link DashManifest}), with {@code query}
     * (empty, or a token) on every URL. Only a clip whose audio is in tracks of its own has one: DASH
     * players take no video segments with audio inside (409 /problems/dash-unavailable says so).
     */
    public String dash(String playbackId, String query) {
        var asset = ready(byPlaybackId(playbackId));
        var renditions = assets.renditions(asset);
        if (renditions.stream().anyMatch(r -> r.codecs().contains("mp4a."))) {
            throw new ProblemException(
                    ProblemType.DASH_UNAVAILABLE,
                    "The clip's video renditions carry its audio inside, which DASH players do not take; it was"
                            + " processed with clips.processing.separate-audio=several or before audio tracks were"
                            + " separate. Reprocess it for DASH, or play its HLS master playlist.");
        }
        var video = renditions.stream()
                .map(r -> new DashManifest.Video(
                        r.name(),
                        r.bandwidth(),
                        r.codecs(),
                        r.width(),
                        r.height(),
                        r.frameRate(),
                        segmentDurations(r.playlistKey())))
                .toList();
        var audio = audioTracks.of(asset).stream()
                .map(t -> new DashManifest.Audio(
                        t.renditionName(),
                        t.language().equals("und") ? null : t.language(),
                        t.name(),
                        t.position() == 0,
                        t.bandwidth(),
                        MasterPlaylist.AAC_LC,
                        segmentDurations(t.playlistKey())))
                .toList();
        var text = captions.of(asset).stream()
                .map(c -> new DashManifest.Text(
                        c.language(),
                        c.label(),
                        c.kind() == CaptionKind.CAPTIONS,
                        "subtitles/" + c.language() + ".vtt"))
                .toList();
        double length = asset.metadata() == null ? 0 : asset.metadata().lengthSeconds();
        return DashManifest.of(
                length,
                video,
                audio,
                text,
                query,
                contentKeys.keyId(asset.publicId()).orElse(null));
    }

    /** The segment durations a rendition's stored HLS playlist lists, in seconds. */
    private List<Double> segmentDurations(String playlistKey) {
        try {
            return new MediaPlaylistParser(io.lindstrom.m3u8.parser.ParsingMode.LENIENT)
                    .readPlaylist(storage.readText(playlistKey)).mediaSegments().stream()
                            .map(MediaSegment::duration)
                            .toList();
        } catch (PlaylistParserException e) {
            throw new IllegalStateException("the stored playlist " + playlistKey + " cannot be read", e);
        }
    }

    /** A caption track's media playlist: one segment, the whole WebVTT file beside it. */
    public String subtitles(String playbackId, String language) {
        var asset = ready(byPlaybackId(playbackId));
        var track = captionTrack(asset, language);
        return MasterPlaylist.subtitleMedia(
                track.language(),
                asset.metadata() == null ? 0 : asset.metadata().lengthSeconds());
    }

    /** A caption track's WebVTT as stored. */
    public String captionFile(String playbackId, String language) {
        return captions.webvtt(captionTrack(ready(byPlaybackId(playbackId)), language));
    }

    private CaptionTrack captionTrack(Asset asset, String language) {
        return captions.of(asset).stream()
                .filter(t -> t.language().equals(language))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Caption track " + language));
    }

    public String media(String playbackId, String rendition) {
        return media(ready(byPlaybackId(playbackId)), rendition);
    }

    /** One init or media segment of a rendition, for players that resolve them against the API. */
    public URI segment(String playbackId, String rendition, String file) {
        var asset = ready(byPlaybackId(playbackId));
        if (!SEGMENT.matcher(file).matches()) {
            throw ProblemException.notFound("Segment " + file);
        }
        var key = playlistKey(asset, rendition);
        return delivery.read(key.substring(0, key.lastIndexOf('/') + 1) + file, lifetime(asset));
    }

    /**
     * Counts no view either: a fetch is not a play (a preload, a retry, a Range request). An
     * encrypted clip has none to give: its compressed MP4 is in the clear.
     */
    public URI mp4(String playbackId) {
        var asset = published(byPlaybackId(playbackId));
        refuseIfProtected(asset);
        return progressive(asset);
    }

    private void refuseIfProtected(Asset asset) {
        if (contentKeys.keyId(asset.publicId()).isPresent()) {
            throw new ProblemException(
                    ProblemType.PROTECTED_CONTENT,
                    "The clip is encrypted (its tenant protects content): it plays through its HLS or DASH"
                            + " manifest with a DRM licence, and has no download.");
        }
    }

    /**
     * The keys among {@code keyIds} that the clip is encrypted with, for a ClearKey licence: keys of
     * the built-in provider only (a CPIX key server's keys are licensed by its own service). A clip
     * in the clear, or none of the IDs its key: 404.
     */
    public List<com.clips.media.control.ContentKey> clearKeys(String playbackId, List<UUID> keyIds) {
        var asset = ready(byPlaybackId(playbackId));
        if (contentKeys.keyId(asset.publicId()).isEmpty()) {
            throw ProblemException.notFound("Content key (the clip is not encrypted)");
        }
        var keys = contentKeys.forLicence(asset.publicId(), keyIds);
        if (keys.isEmpty()) {
            throw ProblemException.notFound("Content key " + keyIds);
        }
        return keys;
    }

    /**
     * What a player reports (see {@code PlaybackResource#beacon}): {@code type} in viewer
     * {@code session}; for a rebuffer, how long it lasted.
     */
    public record Beacon(EventType type, String session, long millis) {}

    /** Records a player's beacon. A VIEW counts once per session ({@code EventStore}); a fetch counts none. */
    public void beacon(String playbackId, Beacon beacon) {
        var asset = ready(byPlaybackId(playbackId));
        events.record(asset, anonymous(asset), beacon.type(), beacon.session(), beacon.millis());
    }

    public URI poster(String playbackId) {
        return image(byPlaybackId(playbackId), ImageSet::posterKey, "poster");
    }

    /** The widest thumbnail made on demand; a wider request gets the source's own width. */
    public static final int THUMBNAIL_MAX_WIDTH = 1920;

    /** ffmpeg runs for thumbnails at once on this node: on-demand frames never crowd out processing. */
    private static final Semaphore GRABS = new Semaphore(2);

    /**
     * A frame at {@code seconds} (to a tenth) scaled to {@code width} (even, never wider than the
     * rendition it is taken from, so never upscaled), made once from the one HLS segment that holds
     * it and kept beside the poster ({@code thumbnails/<tenant>/<asset>/frame-<tenths>-<width>.jpg}). Without a
     * time, the middle of the clip; without a width, the source rendition's own.
     */
    public URI posterAt(String playbackId, Double time, Integer wanted) {
        var asset = ready(byPlaybackId(playbackId));
        int width = wanted == null ? THUMBNAIL_MAX_WIDTH : wanted;
        double length = asset.metadata() == null ? 0 : asset.metadata().lengthSeconds();
        double seconds = time == null ? length / 2 : time;
        if (seconds < 0 || seconds > length) {
            throw new ProblemException(
                    ProblemType.INVALID_FILTER,
                    String.format(Locale.ROOT, "time must be between 0 and the clip's length, %.1f s.", length));
        }
        var renditions = assets.renditions(asset);
        var source = renditions.stream()
                .filter(r -> r.width() >= width)
                .min(Comparator.comparingInt(Rendition::width))
                .or(() -> renditions.stream().max(Comparator.comparingInt(Rendition::width)))
                .orElseThrow(() -> notReady(asset, "has no renditions"));
        int made = Math.min(width, source.width()) & ~1;
        long tenths = Math.round(seconds * 10);
        var key = StorageKeys.thumbnail(asset.tenantId(), asset.publicId(), "frame-" + tenths + "-" + made + ".jpg");
        if (storage.head(key).isEmpty()) {
            grab(
                    source,
                    tenths / 10.0,
                    made,
                    key,
                    contentKeys.of(asset.publicId()).orElse(null));
        }
        return delivery.read(key);
    }

    /** {@code contentKey}: the key of an encrypted clip, its segment decrypted for FFmpeg first; else null. */
    private void grab(Rendition source, double seconds, int width, String key, ContentKey contentKey) {
        try {
            if (!GRABS.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new DependencyUnavailableException(
                        "thumbnail maker", new IllegalStateException("every thumbnail slot is busy"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("thumbnail maker", e);
        }
        Path dir = null;
        try {
            var base = Files.createDirectories(WorkArea.base(workDir));
            dir = Files.createTempDirectory(base, "thumbnail-");
            var playlistKey = source.playlistKey();
            var spot = FrameGrab.locate(storage.readText(playlistKey), seconds);
            if (!SEGMENT.matcher(spot.segment()).matches()) {
                throw new UnsupportedMediaException("The media playlist names an unexpected file.");
            }
            var init = dir.resolve("init.mp4");
            var segment = dir.resolve("segment.m4s");
            storage.download(source.initSegmentKey(), init);
            storage.download(playlistKey.substring(0, playlistKey.lastIndexOf('/') + 1) + spot.segment(), segment);
            var fragment = dir.resolve("fragment.mp4");
            try (var out = Files.newOutputStream(fragment)) {
                Files.copy(init, out);
                Files.copy(segment, out);
            }
            if (contentKey != null) {
                var clear = dir.resolve("clear.mp4");
                packager.decrypt(fragment, contentKey, false, clear, dir);
                fragment = clear;
            }
            var jpeg = dir.resolve("thumbnail.jpg");
            frames.grab(fragment, spot.offsetSeconds(), width, jpeg);
            storage.putFile(key, jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            GRABS.release();
            deleteQuietly(dir);
        }
    }

    /** The thumbnail's scratch directory holds only the files made above: no temp bytes stay. */
    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            for (var file : List.of("init.mp4", "segment.m4s", "fragment.mp4", "clear.mp4", "thumbnail.jpg")) {
                Files.deleteIfExists(dir.resolve(file));
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // the work directory's janitor removes what is left
        }
    }

    public URI preview(String playbackId, boolean webp) {
        return image(byPlaybackId(playbackId), webp ? ImageSet::previewWebpKey : ImageSet::previewGifKey, "preview");
    }

    /** The storyboard's WebVTT track as stored: its cues name the sprite relative to the track's URL. */
    public String storyboardTrack(String playbackId) {
        var asset = byPlaybackId(playbackId);
        var key = Optional.ofNullable(asset.images())
                .map(ImageSet::storyboardVttKey)
                .orElseThrow(() -> notReady(asset, "has no storyboard"));
        return storage.readText(key);
    }

    /** The chapters as a WebVTT chapters track; a clip without chapters has a track without cues. */
    public String chaptersTrack(String playbackId) {
        var asset = ready(byPlaybackId(playbackId));
        return Chapters.webVtt(asset.chapters(), asset.metadata().lengthSeconds());
    }

    public URI storyboardSprite(String playbackId) {
        return image(byPlaybackId(playbackId), ImageSet::storyboardKey, "storyboard");
    }

    /** What the player page shows around the video. */
    public record Watchable(
            String playbackId,
            UUID assetId,
            String title,
            Integer width,
            Integer height,
            double durationSeconds,
            List<String> renditions,
            boolean poster,
            boolean storyboard,
            boolean chapters,
            boolean encrypted) {}

    public Watchable watchable(String playbackId) {
        var asset = ready(byPlaybackId(playbackId));
        var media = asset.metadata();
        return new Watchable(
                playbackId,
                asset.publicId(),
                asset.title() != null ? asset.title() : asset.originalFileName(),
                media == null ? null : media.width(),
                media == null ? null : media.height(),
                media == null ? 0 : media.lengthSeconds(),
                assets.renditions(asset).stream().map(Rendition::name).toList(),
                // playable before the images are made: the page names no poster or storyboard it would not get
                asset.images() != null && asset.images().posterKey() != null,
                asset.hasStoryboard(),
                !asset.chapters().isEmpty(),
                contentKeys.keyId(asset.publicId()).isPresent());
    }

    // ---- shared

    private Asset byPlaybackId(String playbackId) {
        var found = em.createNamedQuery(PlaybackId.BY_PUBLIC_ID, PlaybackId.class)
                .setParameter("publicId", playbackId)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Playback ID " + playbackId));
        var asset = found.asset();
        if (asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Playback ID " + playbackId);
        }
        return asset;
    }

    private String master(Asset asset, List<CaptionTrack> tracks) {
        var renditions = assets.renditions(asset);
        codecs.repair(asset, renditions);
        return MasterPlaylist.of(
                renditions,
                tracks,
                audioTracks.of(asset),
                contentKeys.keyId(asset.publicId()).orElse(null));
    }

    private String media(Asset asset, String rendition) {
        var key = playlistKey(asset, rendition);
        var validFor = lifetime(asset);
        return SignedPlaylist.media(
                storage.readText(key),
                key.substring(0, key.lastIndexOf('/') + 1),
                segment -> delivery.read(segment, validFor).toString());
    }

    /** The media playlist's key of a video rendition ({@code 720p}) or an audio track ({@code a1}). */
    private String playlistKey(Asset asset, String name) {
        if (AUDIO_RENDITION.matcher(name).matches()) {
            return audioTracks.of(asset).stream()
                    .filter(t -> name.equals(t.renditionName()))
                    .findFirst()
                    .orElseThrow(() -> ProblemException.notFound("Rendition " + name))
                    .playlistKey();
        }
        return rendition(asset, name).playlistKey();
    }

    private Rendition rendition(Asset asset, String name) {
        if (!RENDITION.matcher(name).matches()) {
            throw ProblemException.notFound("Rendition " + name);
        }
        return assets.renditions(asset).stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Rendition " + name));
    }

    /** Segment URLs outlive a viewing that starts now: the clip's length plus the margin (pauses, seeks). */
    Duration lifetime(Asset asset) {
        double seconds = asset.metadata() == null ? 0 : asset.metadata().lengthSeconds();
        var wanted = Duration.ofSeconds((long) Math.ceil(seconds)).plus(margin);
        var most = Duration.ofDays(7); // the longest a SigV4 presigned URL may live
        return wanted.compareTo(most) > 0 ? most : wanted;
    }

    /** The compressed MP4 when there is one, else the original; served as what the bytes are. */
    private URI progressive(Asset asset) {
        if (asset.compressedKey() != null) {
            return delivery.readAs(asset.compressedKey(), "video/mp4");
        }
        return delivery.readAs(asset.originalKey(), asset.contentType());
    }

    /** A soft-deleted asset cannot be downloaded or shared, even by a moderator who can still see it. */
    private Asset notDeleted(Viewer viewer, UUID id) {
        var asset = assets.visible(viewer, id);
        if (asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Asset " + id);
        }
        return asset;
    }

    private URI image(Asset asset, Function<ImageSet, String> which, String what) {
        var key = Optional.ofNullable(asset.images()).map(which).orElseThrow(() -> notReady(asset, "has no " + what));
        return delivery.read(key);
    }

    private static Viewer anonymous(Asset asset) {
        return new Viewer(asset.tenantId(), ANONYMOUS, false, false);
    }

    /** Playable: its first rung is recorded (the master lists those recorded so far). */
    private Asset ready(Asset asset) {
        if (!asset.playableWith(assets.renditions(asset))) {
            throw notReady(asset, "is not ready to play");
        }
        return asset;
    }

    /** Published: the job finished, so the progressive file (the compressed MP4 or the original) is final. */
    private static Asset published(Asset asset) {
        if (asset.status() != AssetStatus.READY || asset.masterPlaylistKey() == null) {
            throw notReady(asset, "is not ready to play");
        }
        return asset;
    }

    private static ProblemException notReady(Asset asset, String what) {
        return new ProblemException(
                ProblemType.ASSET_NOT_READY, "The asset " + what + " yet (status " + asset.status() + ").");
    }
}
