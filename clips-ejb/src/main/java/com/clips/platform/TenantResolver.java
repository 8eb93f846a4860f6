package com.clips.platform;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/** Hibernate asks it for the tenant of each new session (persistence.xml): the current {@link TenantScope}. */
public class TenantResolver implements CurrentTenantIdentifierResolver<String> {

    @Override
    public String resolveCurrentTenantIdentifier() {
        return TenantScope.current();
    }

    @Override
    public boolean isRoot(String tenant) {
        return TenantScope.isSystem(tenant);
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }
}
