package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import org.junit.jupiter.api.Test;

class SignedPlaylistTest {

    private static final String STORED = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:4
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:4.000000,
            seg_00000.m4s
            #EXTINF:1.500000,
            seg_00001.m4s
            #EXT-X-ENDLIST
            """;

    @Test
    void everySegmentAndTheInitSegmentGetTheirOwnUrlAndTimingIsKept() throws Exception {
        var signed =
                SignedPlaylist.media(STORED, "renditions/t/a/480p/", key -> "https://cdn.example/" + key + "?sig=1");

        var playlist = new MediaPlaylistParser().readPlaylist(signed);
        assertThat(playlist.mediaSegments())
                .extracting(s -> s.uri())
                .containsExactly(
                        "https://cdn.example/renditions/t/a/480p/seg_00000.m4s?sig=1",
                        "https://cdn.example/renditions/t/a/480p/seg_00001.m4s?sig=1");
        assertThat(playlist.mediaSegments().get(0).segmentMap().orElseThrow().uri())
                .isEqualTo("https://cdn.example/renditions/t/a/480p/init.mp4?sig=1");
        assertThat(playlist.mediaSegments()).extracting(s -> s.duration()).containsExactly(4.0, 1.5);
        assertThat(playlist.targetDuration()).isEqualTo(4);
        assertThat(playlist.ongoing()).isFalse();
    }

    @Test
    void refusesToSignAnythingOutsideTheRenditionsDirectory() {
        var hostile = STORED.replace("seg_00001.m4s", "../../other-tenant/secret.m4s");
        assertThatThrownBy(() -> SignedPlaylist.media(hostile, "renditions/t/a/480p/", key -> key))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unexpected URI");
    }
}
