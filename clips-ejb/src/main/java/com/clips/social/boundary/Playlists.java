package com.clips.social.boundary;

import com.clips.analytics.control.EventBuffer;
import com.clips.analytics.entity.EventType;
import com.clips.assets.boundary.Assets;
import com.clips.assets.entity.Asset;
import com.clips.identity.Viewer;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.social.entity.Playlist;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Playlists: create, describe, delete; add, remove, move one item or set the whole
 * order. Only the owner changes a playlist (403 for others who can see it); a private playlist is
 * invisible (404) to everyone else. Every change to the items locks the playlist row, so positions
 * stay dense and ordered whatever runs at once.
 */
@Stateless
public class Playlists {

    public static final int MAX_ITEMS = 5000;

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    EventBuffer events;

    @EJB
    Assets assets;

    public record Summary(Playlist playlist, long items) {}

    public record Items(List<Asset> assets, long total) {}

    public Summary create(Viewer viewer, String name, String description, boolean isPublic) {
        var playlist = new Playlist(viewer.tenantId(), viewer.subject(), name, description, isPublic);
        em.persist(playlist);
        return new Summary(playlist, 0);
    }

    public Summary get(Viewer viewer, UUID id) {
        var playlist = visible(viewer, id);
        return new Summary(playlist, count(playlist));
    }

    public Summary describe(Viewer viewer, UUID id, String name, String description, boolean isPublic) {
        var playlist = owned(viewer, id);
        playlist.describe(name, description, isPublic);
        return new Summary(playlist, count(playlist));
    }

    public void delete(Viewer viewer, UUID id) {
        em.remove(owned(viewer, id));
    }

    public List<Summary> mine(Viewer viewer, int page, int pageSize) {
        return em.createNamedQuery(Playlist.OF_OWNER, Playlist.class)
                .setParameter("subject", viewer.subject())
                .setFirstResult((page - 1) * pageSize)
                .setMaxResults(pageSize)
                .getResultStream()
                .map(p -> new Summary(p, count(p)))
                .toList();
    }

    public long countMine(Viewer viewer) {
        return em.createNamedQuery(Playlist.COUNT_OF_OWNER, Long.class)
                .setParameter("subject", viewer.subject())
                .getSingleResult();
    }

    /** The playlist's assets in order, as this viewer may see them (another user's private clip drops out). */
    @SuppressWarnings("unchecked")
    public Items items(Viewer viewer, UUID id, int page, int pageSize) {
        var playlist = visible(viewer, id);
        long total = ((Number) em.createNamedQuery(Playlist.COUNT_VISIBLE_ITEMS)
                        .setParameter(1, playlist.id())
                        .setParameter(2, viewer.subject())
                        .setParameter(3, viewer.moderator())
                        .getSingleResult())
                .longValue();
        List<Number> ids = em.createNamedQuery(Playlist.VISIBLE_ITEM_IDS)
                .setParameter(1, playlist.id())
                .setParameter(2, viewer.subject())
                .setParameter(3, viewer.moderator())
                .setFirstResult((page - 1) * pageSize)
                .setMaxResults(pageSize)
                .getResultList();
        return new Items(inOrder(ids.stream().map(Number::longValue).toList()), total);
    }

    /** Adds at the end; adding an asset that is already there changes nothing. */
    public Summary add(Viewer viewer, UUID id, UUID assetId) {
        var playlist = locked(owned(viewer, id));
        var asset = assets.visible(viewer, assetId);
        long size = count(playlist);
        if (size >= MAX_ITEMS) {
            throw new ProblemException(ProblemType.PLAYLIST_FULL, "A playlist holds at most " + MAX_ITEMS + " clips.");
        }
        int added = em.createNamedQuery(Playlist.ADD_ITEM)
                .setParameter(1, playlist.id())
                .setParameter(2, asset.id())
                .setParameter(3, (int) size)
                .executeUpdate();
        if (added == 1) {
            playlist.touch();
            events.record(asset, viewer, EventType.ADDED_TO_PLAYLIST);
        }
        return new Summary(playlist, size + added);
    }

    /** Removes an item and closes the gap; removing one that is not there changes nothing. */
    public Summary remove(Viewer viewer, UUID id, UUID assetId) {
        var playlist = locked(owned(viewer, id));
        var item = itemOf(playlist, assetId);
        if (item != null) {
            em.createNamedQuery(Playlist.REMOVE_ITEM)
                    .setParameter(1, playlist.id())
                    .setParameter(2, item.assetRow())
                    .executeUpdate();
            shift(playlist, item.position() + 1, Integer.MAX_VALUE, -1);
            playlist.touch();
        }
        return new Summary(playlist, count(playlist));
    }

    /** Moves one item to a position (0 = first); the items between shift by one. */
    public Summary move(Viewer viewer, UUID id, UUID assetId, int to) {
        var playlist = locked(owned(viewer, id));
        long size = count(playlist);
        var item = itemOf(playlist, assetId);
        if (item == null) {
            throw ProblemException.notFound("Asset " + assetId + " in this playlist");
        }
        if (to < 0 || to >= size) {
            throw new ProblemException(ProblemType.INVALID_FIELD, "position must be from 0 to " + (size - 1) + ".");
        }
        int from = item.position();
        if (from != to) {
            if (from < to) {
                shift(playlist, from + 1, to, -1);
            } else {
                shift(playlist, to, from - 1, 1);
            }
            place(playlist, item.assetRow(), to);
            playlist.touch();
        }
        return new Summary(playlist, size);
    }

    /** Sets the whole order: exactly the playlist's assets, each once. */
    public Summary reorder(Viewer viewer, UUID id, List<UUID> assetIds) {
        var playlist = locked(owned(viewer, id));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNamedQuery(Playlist.ITEM_IDS)
                .setParameter(1, playlist.id())
                .getResultList();
        Map<UUID, Long> current =
                rows.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> ((Number) r[1]).longValue()));
        if (assetIds.size() != current.size() || !new HashSet<>(assetIds).equals(current.keySet())) {
            throw new ProblemException(
                    ProblemType.INVALID_FIELD,
                    "assetIds must list every clip of the playlist exactly once (" + current.size() + " clips).");
        }
        for (int i = 0; i < assetIds.size(); i++) {
            place(playlist, current.get(assetIds.get(i)), i);
        }
        playlist.touch();
        return new Summary(playlist, current.size());
    }

    private record Item(long assetRow, int position) {}

    private void place(Playlist playlist, long assetRow, int position) {
        em.createNamedQuery(Playlist.MOVE_ITEM)
                .setParameter(1, position)
                .setParameter(2, playlist.id())
                .setParameter(3, assetRow)
                .executeUpdate();
    }

    /** Moves the items at positions first..last by delta (positions are not unique, so order of updates does not matter). */
    private void shift(Playlist playlist, int first, int last, int delta) {
        em.createNamedQuery(Playlist.SHIFT_ITEMS)
                .setParameter(1, delta)
                .setParameter(2, playlist.id())
                .setParameter(3, first)
                .setParameter(4, last)
                .executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private Item itemOf(Playlist playlist, UUID assetId) {
        List<Object[]> rows = em.createNamedQuery(Playlist.ITEM_OF_ASSET)
                .setParameter(1, playlist.id())
                .setParameter(2, assetId)
                .getResultList();
        return rows.stream()
                .map(r -> new Item(((Number) r[0]).longValue(), ((Number) r[1]).intValue()))
                .findFirst()
                .orElse(null);
    }

    private long count(Playlist playlist) {
        return ((Number) em.createNamedQuery(Playlist.COUNT_ITEMS)
                        .setParameter(1, playlist.id())
                        .getSingleResult())
                .longValue();
    }

    private List<Asset> inOrder(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Asset> byId = em.createNamedQuery(Asset.BY_IDS, Asset.class)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(Asset::id, Function.identity()));
        return ids.stream().map(byId::get).toList();
    }

    private Playlist locked(Playlist playlist) {
        em.lock(playlist, LockModeType.PESSIMISTIC_WRITE);
        return playlist;
    }

    /** The caller's playlist: someone else's public one is 403, a private one (or none) 404. */
    private Playlist owned(Viewer viewer, UUID id) {
        var playlist = visible(viewer, id);
        if (!playlist.ownedBy(viewer.subject())) {
            throw ProblemException.forbidden("Only its owner may change a playlist.");
        }
        return playlist;
    }

    private Playlist visible(Viewer viewer, UUID id) {
        var playlist = em.find(Playlist.class, id); // scoped: another tenant's playlist is not found
        if (playlist == null || !playlist.isPublic() && !playlist.ownedBy(viewer.subject())) {
            throw ProblemException.notFound("Playlist " + id);
        }
        return playlist;
    }
}
