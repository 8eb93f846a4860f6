package com.clips.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.TenantId;

/** One thing an administrator, moderator or operator did in a tenant; never changed once written. */
@Entity
@Immutable
@Table(name = "audit_entry")
// the tenant's entries whose action starts with :action and whose actor is :actor ('' matches any)
@NamedQuery(name = AuditEntry.MATCHING, query = "select e" + AuditEntry.FILTER + " order by e.at desc, e.id desc")
@NamedQuery(name = AuditEntry.COUNT_MATCHING, query = "select count(e)" + AuditEntry.FILTER)
public class AuditEntry {

    public static final String MATCHING = "AuditEntry.matching";
    public static final String COUNT_MATCHING = "AuditEntry.countMatching";
    static final String FILTER = " from AuditEntry e where (:action = '' or e.action like :action || '%')"
            + " and (:actor = '' or e.actor = :actor)";

    public static final int MAX_DETAIL = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @TenantId // scoped by TenantScope: a session of another tenant neither finds nor writes this row
    @Column(name = "tenant_id", nullable = false, updatable = false, length = 64)
    private String tenantId;

    @Column(nullable = false, length = 255)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(nullable = false, length = 255)
    private String target;

    @Column(length = MAX_DETAIL)
    private String detail;

    @Column(name = "ip_address", length = 45)
    private String ipAddress;

    @Column(nullable = false)
    private Instant at;

    protected AuditEntry() {}

    public AuditEntry(String tenantId, String actor, String action, String target, String detail, String ipAddress) {
        this.tenantId = tenantId;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.detail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        this.ipAddress = ipAddress;
        this.at = Instant.now();
    }

    public long id() {
        return id;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String target() {
        return target;
    }

    public String detail() {
        return detail;
    }

    public String ipAddress() {
        return ipAddress;
    }

    public Instant at() {
        return at;
    }
}
