package com.clips.assets.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.Objects;

/**
 * One audio track of an asset whose source has more than one audio stream, as the master
 * playlist's audio group publishes it: an audio-only HLS rendition named {@code a<position>}, the
 * video renditions of such an asset carrying no audio (hls.js, like the DASH-IF guidelines, takes
 * no alternate audio beside muxed fMP4). Position 0, the source's first stream, is the default.
 * Derived: a reprocess makes them again.
 */
@Entity
@Table(name = "audio_track")
@NamedQuery(name = AudioTrack.OF_ASSET, query = "select t from AudioTrack t where t.asset = :asset order by t.position")
@NamedQuery(name = AudioTrack.DELETE_OF_ASSET, query = "delete from AudioTrack t where t.asset = :asset")
@NamedQuery(
        name = AudioTrack.COUNT_OF_ASSET,
        query = "select count(t) from AudioTrack t where t.asset.publicId = :publicId")
public class AudioTrack {

    public static final String OF_ASSET = "AudioTrack.ofAsset";
    public static final String DELETE_OF_ASSET = "AudioTrack.deleteOfAsset";
    public static final String COUNT_OF_ASSET = "AudioTrack.countOfAsset";

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audio_track_seq")
    @SequenceGenerator(name = "audio_track_seq", sequenceName = "audio_track_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "asset_id", updatable = false)
    private Asset asset;

    @Column(nullable = false, updatable = false)
    private int position;

    @Column(name = "stream_index", nullable = false, updatable = false)
    private int streamIndex;

    @Column(nullable = false, length = 35)
    private String language;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "playlist_key", nullable = false, length = 512)
    private String playlistKey;

    @Column(nullable = false)
    private long bandwidth;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "segment_count", nullable = false)
    private int segmentCount;

    @Column(name = "input_lufs")
    private Double inputLufs;

    @Column(name = "output_lufs")
    private Double outputLufs;

    @Column(name = "loudness_reason", length = 200)
    private String loudnessReason;

    protected AudioTrack() {}

    /** What the processing made of one audio stream. */
    public record Made(
            int position,
            int streamIndex,
            String language,
            String name,
            String playlistKey,
            long bandwidth,
            long sizeBytes,
            int segmentCount,
            Double inputLufs,
            Double outputLufs,
            String loudnessReason) {}

    public AudioTrack(Asset asset, Made made) {
        this.asset = Objects.requireNonNull(asset);
        this.position = made.position();
        this.streamIndex = made.streamIndex();
        this.language = Objects.requireNonNull(made.language());
        this.name = Objects.requireNonNull(made.name());
        this.playlistKey = Objects.requireNonNull(made.playlistKey());
        this.bandwidth = made.bandwidth();
        this.sizeBytes = made.sizeBytes();
        this.segmentCount = made.segmentCount();
        this.inputLufs = made.inputLufs();
        this.outputLufs = made.outputLufs();
        this.loudnessReason = made.loudnessReason();
    }

    /** The rendition name its playlist and segments are served under. */
    public String renditionName() {
        return renditionName(position);
    }

    public static String renditionName(int position) {
        return "a" + position;
    }

    public int position() {
        return position;
    }

    public int streamIndex() {
        return streamIndex;
    }

    public String language() {
        return language;
    }

    public String name() {
        return name;
    }

    public String playlistKey() {
        return playlistKey;
    }

    public long bandwidth() {
        return bandwidth;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public int segmentCount() {
        return segmentCount;
    }

    public Double inputLufs() {
        return inputLufs;
    }

    public Double outputLufs() {
        return outputLufs;
    }

    public String loudnessReason() {
        return loudnessReason;
    }
}
