package com.clips.protection.control;

import java.util.UUID;

/**
 * Where content keys come from: the AES key for a new key ID of an asset. The built-in provider
 * ({@link RandomKeys}) makes them here and the database keeps them (sealed) for the ClearKey
 * licence; {@link CpixKeys} asks a commercial key server in a CPIX document, the way DRM services
 * (SPEKE v2, the DASH-IF CPIX profile) hand keys to a packager.
 */
public interface KeyProvider {

    /** The provider's name as the content key row records it. */
    String name();

    /** The 16-byte AES key of {@code keyId}, a new key ID for {@code assetId} of {@code tenantId}. */
    byte[] contentKey(String tenantId, UUID assetId, UUID keyId);
}
