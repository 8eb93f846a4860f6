package com.clips.tenants.entity;

/** A suspended tenant's clients get no tokens and their tokens are refused; its data stays. */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED
}
