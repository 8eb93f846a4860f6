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

    @Test
    void anEncryptedPlaylistKeepsEveryKeyLineAndSignsItsFiles() {
        var clearKey = "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,ChssPU5fYHGCk6S1xtfo+Q==\","
                + "IV=0x0123,KEYFORMATVERSIONS=\"1\",KEYFORMAT=\"org.w3.clearkey\"";
        var widevine = "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,AAAA\",KEYID=0x0a1b,"
                + "IV=0x0123,KEYFORMATVERSIONS=\"1\",KEYFORMAT=\"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed\"";
        var stored = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + "#EXT-X-MAP:URI=\"init.mp4\"\n" + clearKey + "\n" + widevine + "\n#EXTINF:4.000,\nseg_00000.m4s\n"
                + "#EXTINF:2.000,\nseg_00001.m4s\n#EXT-X-ENDLIST\n";

        var signed = SignedPlaylist.media(stored, "renditions/t/a/480p/", key -> "https://cdn.example/" + key + "?s=1");

        assertThat(signed)
                .isEqualTo(
                        "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                                + "#EXT-X-MAP:URI=\"https://cdn.example/renditions/t/a/480p/init.mp4?s=1\"\n" + clearKey
                                + "\n"
                                + widevine
                                + "\n#EXTINF:4.000,\nhttps://cdn.example/renditions/t/a/480p/seg_00000.m4s?s=1\n"
                                + "#EXTINF:2.000,\nhttps://cdn.example/renditions/t/a/480p/seg_00001.m4s?s=1\n#EXT-X-ENDLIST\n");
        var hostile = stored.replace("seg_00001.m4s", "../x.m4s");
        assertThatThrownBy(() -> SignedPlaylist.media(hostile, "renditions/t/a/480p/", key -> key))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unexpected URI");
    }
}
