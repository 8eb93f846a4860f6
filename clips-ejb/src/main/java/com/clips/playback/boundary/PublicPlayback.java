package com.clips.playback.boundary;

import com.clips.assets.entity.PlaybackId;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.TenantScope;
import com.clips.storage.control.Delivery;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * The header-free routes' way in: the path names a playback ID, or a playback token whose subject
 * is one (signed playback IDs take nothing else). The ID is looked up across tenants, the token
 * checked against its tenant's keys, and the work then runs in that tenant's scope, in a
 * transaction of its own ({@link Playback}). An unknown ID and a malformed reference are the same
 * 404; a signed ID without a valid token is 403.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each step opens its session in its own scope
public class PublicPlayback {

    /** What a token grants: audiences as Mux names them. */
    public enum Audience {
        VIDEO("v"),
        THUMBNAIL("t"),
        STORYBOARD("s"),
        GIF("g"),
        /** A DRM licence (the ClearKey endpoint): always a token, even for a public playback ID. */
        DRM("d");

        public final String claim;

        Audience(String claim) {
            this.claim = claim;
        }
    }

    /** A reference that passed: the playback ID and its tenant. */
    public record Access(String playbackId, String tenantId) {}

    @EJB
    Playback playback;

    @EJB
    PlaybackLookup lookup;

    @EJB
    PlaybackTokens tokens;

    @Inject
    Delivery delivery;

    /** Where segments and images are fetched from (storage or the CDN): what a player page must allow. */
    public String mediaOrigin() {
        var sample = delivery.read("origin-probe");
        return sample.getScheme() + "://" + sample.getRawAuthority();
    }

    /** The sites whose pages may frame this clip's embed player; empty: the platform's default. */
    public List<String> embedOrigins(Access access) {
        return TenantScope.system(() -> lookup.embedOrigins(access.tenantId()));
    }

    /**
     * Resolves {@code reference} (a playback ID or a playback token) for {@code audience};
     * {@code referrer} is the request's Referer, for tokens restricted to some sites.
     */
    public Access access(String reference, Audience audience, String referrer) {
        return access(reference, audience, referrer, null);
    }

    /** The same, with the token as a query parameter ({@code ?token=}) beside the playback ID in the path. */
    public Access access(String reference, Audience audience, String referrer, String queryToken) {
        if (queryToken != null
                && reference != null
                && PlaybackId.FORMAT.matcher(reference).matches()) {
            var access = tokens.verify(queryToken, audience, referrer);
            if (!access.playbackId().equals(reference)) {
                throw new ProblemException(
                        ProblemType.INVALID_PLAYBACK_TOKEN, "The playback token is for another playback ID.");
            }
            return access;
        }
        if (reference == null) {
            throw ProblemException.notFound("Playback ID");
        }
        if (PlaybackId.FORMAT.matcher(reference).matches()) {
            var found = TenantScope.system(() -> lookup.find(reference))
                    .orElseThrow(() -> ProblemException.notFound("Playback ID " + reference));
            if (found.signed()) {
                throw new ProblemException(
                        ProblemType.PLAYBACK_TOKEN_REQUIRED,
                        "This playback ID is signed: play it with a playback token in place of the ID.");
            }
            return new Access(reference, found.tenantId());
        }
        if (!JWS_COMPACT.matcher(reference).matches()) {
            throw ProblemException.notFound("Playback ID " + reference);
        }
        return tokens.verify(reference, audience, referrer);
    }

    /** What a playback token looks like in a path: header.payload.signature, base64url each. */
    private static final java.util.regex.Pattern JWS_COMPACT =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    public String master(Access access) {
        return in(access, playback::master);
    }

    public String dash(Access access, String query) {
        return in(access, id -> playback.dash(id, query));
    }

    public String media(Access access, String rendition) {
        return in(access, id -> playback.media(id, rendition));
    }

    public String subtitles(Access access, String language) {
        return in(access, id -> playback.subtitles(id, language));
    }

    public String captionFile(Access access, String language) {
        return in(access, id -> playback.captionFile(id, language));
    }

    public URI segment(Access access, String rendition, String file) {
        return in(access, id -> playback.segment(id, rendition, file));
    }

    public URI mp4(Access access) {
        return in(access, playback::mp4);
    }

    public void beacon(Access access, Playback.Beacon beacon) {
        in(access, id -> {
            playback.beacon(id, beacon);
            return null;
        });
    }

    /**
     * The way to a licence: a playback token of audience {@code d} (in the path, or beside the
     * playback ID as {@code ?token=}); a public playback ID alone gets none.
     */
    public Access licenceAccess(String reference, String referrer, String queryToken) {
        if (queryToken == null
                && reference != null
                && PlaybackId.FORMAT.matcher(reference).matches()) {
            throw new ProblemException(
                    ProblemType.PLAYBACK_TOKEN_REQUIRED,
                    "A DRM licence needs a playback token of audience d: in place of the playback ID, or as ?token=.");
        }
        return access(reference, Audience.DRM, referrer, queryToken);
    }

    /** The ClearKey keys of {@code keyIds} the clip is encrypted with (see {@link Playback#clearKeys}). */
    public List<com.clips.media.control.ContentKey> clearKeys(Access access, List<java.util.UUID> keyIds) {
        return in(access, id -> playback.clearKeys(id, keyIds));
    }

    public URI poster(Access access) {
        return in(access, playback::poster);
    }

    /** A frame at a chosen time and width (see {@link Playback#posterAt}). */
    public URI posterAt(Access access, Double seconds, Integer width) {
        return in(access, id -> playback.posterAt(id, seconds, width));
    }

    public URI preview(Access access, boolean webp) {
        return in(access, id -> playback.preview(id, webp));
    }

    public String storyboardTrack(Access access) {
        return in(access, playback::storyboardTrack);
    }

    public String chaptersTrack(Access access) {
        return in(access, playback::chaptersTrack);
    }

    public URI storyboardSprite(Access access) {
        return in(access, playback::storyboardSprite);
    }

    public Playback.Watchable watchable(Access access) {
        return in(access, playback::watchable);
    }

    private static <T> T in(Access access, Function<String, T> work) {
        return TenantScope.of(access.tenantId(), () -> work.apply(access.playbackId()));
    }
}
