package com.clips.storage.control;

import java.util.UUID;

/** The bucket layout of DESIGN.md. Keys come only from server-generated ids, never from file names. */
public final class StorageKeys {

    public static final String STAGING_PREFIX = "tmp/";

    private StorageKeys() {
    }

    public static String staging(UUID uploadId) {
        return STAGING_PREFIX + uploadId + "/source";
    }

    public static String original(String tenantId, UUID assetId, String extension) {
        return "originals/" + tenantId + "/" + assetId + "/source." + extension;
    }
}
