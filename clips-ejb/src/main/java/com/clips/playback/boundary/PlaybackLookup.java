package com.clips.playback.boundary;

import com.clips.assets.entity.AssetStatus;
import com.clips.assets.entity.PlaybackId;
import com.clips.playback.entity.SigningKey;
import com.clips.tenants.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** Finds playback IDs and signing keys in whatever scope the caller entered (the system's, for a header-free request). */
@Stateless
public class PlaybackLookup {

    public record Found(String tenantId, boolean signed) {}

    public record Key(String tenantId, String algorithm, String publicJwk) {}

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    public Optional<Found> find(String playbackId) {
        return em.createNamedQuery(PlaybackId.BY_PUBLIC_ID, PlaybackId.class)
                .setParameter("publicId", playbackId)
                .getResultStream()
                .filter(p -> p.asset().status() != AssetStatus.DELETED)
                .findFirst()
                .map(p -> new Found(p.tenantId(), p.isSigned()));
    }

    /** The sites a tenant lets frame its embed player (empty: the platform's default). */
    public List<String> embedOrigins(String tenantId) {
        return Optional.ofNullable(em.find(Tenant.class, tenantId))
                .map(Tenant::embedOrigins)
                .orElse(List.of());
    }

    public Optional<Key> key(String keyId) {
        return em.createNamedQuery(SigningKey.BY_KEY_ID, SigningKey.class)
                .setParameter("keyId", keyId)
                .getResultStream()
                .findFirst()
                .map(k -> new Key(k.tenantId(), k.algorithm(), k.publicJwk()));
    }
}
