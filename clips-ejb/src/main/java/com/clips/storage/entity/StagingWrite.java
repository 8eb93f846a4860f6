package com.clips.storage.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A streamed upload being written to its staging key (an S3 multipart upload) by a node. If the
 * node dies mid-stream nobody can complete that upload; its next start aborts it from this record.
 * Not tenant data: platform bookkeeping, keyed by a server-made storage key.
 */
@Entity
@Table(name = "staging_write")
@NamedQuery(name = StagingWrite.OF_NODE, query = "select w from StagingWrite w where w.node = :node")
public class StagingWrite {

    public static final String OF_NODE = "StagingWrite.ofNode";

    @Id
    @Column(name = "staging_key", length = 512)
    private String key;

    @Column(nullable = false, updatable = false, length = 128)
    private String node;

    @Column(name = "started_at", nullable = false, updatable = false)
    private Instant startedAt;

    protected StagingWrite() {}

    public StagingWrite(String key, String node) {
        this.key = key;
        this.node = node;
        this.startedAt = Instant.now();
    }

    public String key() {
        return key;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
