package com.clips.protection.boundary;

import com.clips.media.control.ContentKey;
import com.clips.platform.SecretBox;
import com.clips.protection.control.CpixKeys;
import com.clips.protection.control.KeyProvider;
import com.clips.protection.control.RandomKeys;
import com.clips.protection.entity.ContentKeyRecord;
import com.clips.tenants.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The content keys of protected assets. The processing issues one when an asset of a tenant whose
 * encoding profile turns protection on starts its media (the audio step, before any rendition),
 * from the configured {@link KeyProvider}, and encrypts every rendition with it; the AES key is
 * kept sealed under {@code clips.drm.secret-key}. Playback names the key ID in its manifests; the
 * ClearKey licence hands out keys of the built-in provider only.
 */
@Stateless
public class ContentKeys {

    static final String SECRET_SETTING = "clips.drm.secret-key";

    @PersistenceContext(unitName = "clips")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "clips.drm.secret-key")
    Optional<String> secretKey;

    @Inject
    @ConfigProperty(name = "clips.drm.key-provider", defaultValue = RandomKeys.NAME)
    String providerName;

    @Inject
    @ConfigProperty(name = "clips.drm.cpix.url")
    Optional<URI> cpixUrl;

    @Inject
    @ConfigProperty(name = "clips.drm.cpix.authorization")
    Optional<String> cpixAuthorization;

    /**
     * The asset's key: the one it has, else a new one if its tenant protects content, else none (the
     * asset is published in the clear). Called once per run before any rendition is encoded.
     */
    public Optional<ContentKey> issue(String tenantId, UUID assetId) {
        var existing = record(assetId);
        if (existing.isPresent()) {
            return existing.map(this::open);
        }
        var tenant = em.find(Tenant.class, tenantId);
        if (tenant == null || !tenant.protectsContent()) {
            return Optional.empty();
        }
        var provider = provider();
        var keyId = UUID.randomUUID();
        var key = new ContentKey(keyId, provider.contentKey(tenantId, assetId, keyId));
        em.persist(new ContentKeyRecord(
                keyId,
                assetId,
                tenantId,
                provider.name(),
                box().seal(Base64.getEncoder().encodeToString(key.key()))));
        return Optional.of(key);
    }

    /** The key the asset's renditions are encrypted with; empty: they are in the clear. */
    public Optional<ContentKey> of(UUID assetId) {
        return record(assetId).map(this::open);
    }

    /** Only the key ID (what manifests name), without opening the key. */
    public Optional<UUID> keyId(UUID assetId) {
        return record(assetId).map(ContentKeyRecord::keyId);
    }

    /** Those of {@code keyIds} that are the asset's key, for a ClearKey licence: only the built-in provider's. */
    public List<ContentKey> forLicence(UUID assetId, List<UUID> keyIds) {
        return record(assetId)
                .filter(k -> keyIds.contains(k.keyId()) && k.provider().equals(RandomKeys.NAME))
                .map(this::open)
                .stream()
                .toList();
    }

    private Optional<ContentKeyRecord> record(UUID assetId) {
        return em.createNamedQuery(ContentKeyRecord.OF_ASSET, ContentKeyRecord.class)
                .setParameter("assetId", assetId)
                .getResultStream()
                .findFirst();
    }

    private ContentKey open(ContentKeyRecord record) {
        return new ContentKey(record.keyId(), Base64.getDecoder().decode(box().open(record.sealedKey())));
    }

    private SecretBox box() {
        return new SecretBox(SECRET_SETTING, secretKey.orElse(null), "content keys");
    }

    KeyProvider provider() {
        return switch (providerName) {
            case RandomKeys.NAME -> new RandomKeys();
            case CpixKeys.NAME ->
                new CpixKeys(
                        cpixUrl.orElseThrow(() -> new IllegalStateException(
                                "clips.drm.key-provider is cpix but clips.drm.cpix.url is not set")),
                        cpixAuthorization.orElse(null));
            default ->
                throw new IllegalStateException("clips.drm.key-provider must be database or cpix, not " + providerName);
        };
    }
}
