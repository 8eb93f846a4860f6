package com.clips.tenants.boundary;

import jakarta.ejb.Local;

/**
 * Gives a new tenant its first administrator client, in the transaction that creates the tenant.
 * The client registry implements it, so tenants need not know how clients are made.
 */
@Local
public interface TenantAdministrators {

    /** The new client's id and its secret, which exists only in this answer. */
    record FirstAdministrator(String clientId, String clientSecret) {}

    FirstAdministrator createFirst(String tenantId, String name);
}
