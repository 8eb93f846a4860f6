package com.clips.tenants.entity;

/** A CDI event fired in the transaction that suspends or resumes a tenant. */
public record TenantStatusChanged(String tenantId, boolean active) {}
