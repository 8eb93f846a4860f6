package com.clips.assets.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A finished rendition of an asset: an HLS (fMP4) variant in storage, and, for the rung the
 * compression policy chose, the progressive MP4 made by the same encode. Written once, when the
 * rendition's files are all uploaded; its existence is what makes a restart skip the rung.
 */
@Entity
@Table(name = "rendition")
@NamedQuery(name = Rendition.OF_ASSET, query = "select r from Rendition r where r.asset = :asset order by r.label")
@NamedQuery(name = Rendition.OF_ASSETS, query = "select r from Rendition r where r.asset in :assets order by r.label")
@NamedQuery(name = Rendition.DELETE_OF_ASSET, query = "delete from Rendition r where r.asset = :asset")
@NamedNativeQuery(
        name = Rendition.WITH_UNPUBLISHABLE_CODECS,
        query = "select * from rendition where codecs !~ '" + Rendition.PUBLISHABLE_CODECS
                + "' order by asset_id, label",
        resultClass = Rendition.class)
public class Rendition {

    /** What a browser's MediaSource accepts: RFC 6381 H.264 profile, flags and level in hex, then AAC if any. */
    public static final String PUBLISHABLE_CODECS = "^avc1\\.[0-9a-f]{6}(,mp4a\\.40\\.[0-9]+){0,1}$";

    public static final String WITH_UNPUBLISHABLE_CODECS = "Rendition.withUnpublishableCodecs";

    public static final String OF_ASSET = "Rendition.ofAsset";
    public static final String OF_ASSETS = "Rendition.ofAssets";
    public static final String DELETE_OF_ASSET = "Rendition.deleteOfAsset";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rendition_seq")
    @SequenceGenerator(name = "rendition_seq", sequenceName = "rendition_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "asset_id", updatable = false)
    private Asset asset;

    @Column(nullable = false)
    private int label;

    @Column(nullable = false)
    private int width;

    @Column(nullable = false)
    private int height;

    @Column(name = "video_kbps", nullable = false)
    private int videoKbps;

    @Column(name = "audio_kbps")
    private Integer audioKbps;

    @Column(nullable = false)
    private long bandwidth;

    @Column(name = "average_bandwidth", nullable = false)
    private long averageBandwidth;

    @Column(nullable = false, length = 128)
    private String codecs;

    @Column(name = "frame_rate", precision = 8, scale = 3)
    private BigDecimal frameRate;

    @Column(name = "playlist_key", nullable = false, length = 512)
    private String playlistKey;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "segment_count", nullable = false)
    private int segmentCount;

    @Column(name = "compressed_key", length = 512)
    private String compressedKey;

    @Column(name = "compressed_size_bytes")
    private Long compressedSizeBytes;

    @Column(name = "duration_seconds", nullable = false, precision = 12, scale = 3)
    private BigDecimal durationSeconds;

    @Column(name = "execution_id", nullable = false)
    private long executionId;

    @Column(name = "encode_seconds", nullable = false, precision = 10, scale = 3)
    private BigDecimal encodeSeconds;

    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;

    /** Made by copying the original's streams (the standard-input fast path), not by an encode. */
    @Column(nullable = false)
    private boolean remuxed;

    /** The x264 CRF it was encoded at (see LadderProbe); null when remuxed. */
    private Integer crf;

    protected Rendition() {}

    public Rendition(Asset asset, EncodedRendition encoded, long executionId) {
        this.asset = asset;
        this.label = encoded.label();
        this.width = encoded.width();
        this.height = encoded.height();
        this.videoKbps = encoded.videoKbps();
        this.audioKbps = encoded.audioKbps();
        this.bandwidth = encoded.bandwidth();
        this.averageBandwidth = encoded.averageBandwidth();
        this.codecs = encoded.codecs();
        this.frameRate = encoded.frameRate();
        this.playlistKey = encoded.playlistKey();
        this.sizeBytes = encoded.sizeBytes();
        this.segmentCount = encoded.segmentCount();
        this.compressedKey = encoded.compressedKey();
        this.compressedSizeBytes = encoded.compressedSizeBytes();
        this.durationSeconds = encoded.durationSeconds();
        this.encodeSeconds = encoded.encodeSeconds();
        this.remuxed = encoded.remuxed();
        this.crf = encoded.crf();
        this.executionId = executionId;
        this.finishedAt = Instant.now();
    }

    public Asset asset() {
        return asset;
    }

    public int label() {
        return label;
    }

    public String name() {
        return label + "p";
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int videoKbps() {
        return videoKbps;
    }

    public Integer audioKbps() {
        return audioKbps;
    }

    public long bandwidth() {
        return bandwidth;
    }

    public long averageBandwidth() {
        return averageBandwidth;
    }

    public String codecs() {
        return codecs;
    }

    public boolean hasPublishableCodecs() {
        return codecs != null && codecs.matches(PUBLISHABLE_CODECS);
    }

    /** Renditions published before CODECS came from the init segment's own boxes get theirs corrected. */
    public void correctCodecs(String fromInitSegment) {
        this.codecs = fromInitSegment;
    }

    /** The storage key of the rendition's init segment, beside its playlist. */
    public String initSegmentKey() {
        return playlistKey.substring(0, playlistKey.lastIndexOf('/') + 1)
                + com.clips.media.control.HlsEncoder.INIT_SEGMENT;
    }

    public BigDecimal frameRate() {
        return frameRate;
    }

    public String playlistKey() {
        return playlistKey;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public int segmentCount() {
        return segmentCount;
    }

    public String compressedKey() {
        return compressedKey;
    }

    public Long compressedSizeBytes() {
        return compressedSizeBytes;
    }

    public BigDecimal durationSeconds() {
        return durationSeconds;
    }

    public long executionId() {
        return executionId;
    }

    public BigDecimal encodeSeconds() {
        return encodeSeconds;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Integer crf() {
        return crf;
    }

    public boolean remuxed() {
        return remuxed;
    }
}
