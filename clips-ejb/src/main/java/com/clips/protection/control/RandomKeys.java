package com.clips.protection.control;

import java.security.SecureRandom;
import java.util.UUID;

/** The built-in provider: a key from the JDK's strong random source, kept by Clips for its ClearKey licences. */
public final class RandomKeys implements KeyProvider {

    public static final String NAME = "database";

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] contentKey(String tenantId, UUID assetId, UUID keyId) {
        var key = new byte[16];
        RANDOM.nextBytes(key);
        return key;
    }
}
