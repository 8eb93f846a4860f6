package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerFormatTest {

    private static Optional<ContainerFormat> sniff(byte[] head) {
        var padded = Arrays.copyOf(head, Math.max(head.length, 16));
        return ContainerFormat.sniff(padded, head.length);
    }

    private static byte[] ftyp(String brand) {
        var b = new byte[16];
        b[3] = 16;
        System.arraycopy("ftyp".getBytes(StandardCharsets.ISO_8859_1), 0, b, 4, 4);
        System.arraycopy(brand.getBytes(StandardCharsets.ISO_8859_1), 0, b, 8, 4);
        return b;
    }

    @Test
    void isoMediaIsMp4AndQuickTimeIsMov() {
        assertThat(sniff(ftyp("isom"))).contains(ContainerFormat.MP4);
        assertThat(sniff(ftyp("qt  "))).contains(ContainerFormat.QUICKTIME);
        assertThat(ContainerFormat.MP4.demuxer()).isEqualTo("mov");
    }

    @Test
    void stillImagesInIsoMediaAreNotVideo() {
        assertThat(sniff(ftyp("heic"))).isEmpty();
        assertThat(sniff(ftyp("avif"))).isEmpty();
    }

    @Test
    void audioBrandsAndAudioFlvAreNotVideoAndSayTheyAreAudio() {
        assertThat(sniff(ftyp("M4A "))).isEmpty();
        assertThat(ContainerFormat.audioOnly(ftyp("M4A "), 16)).isTrue();
        assertThat(ContainerFormat.audioOnly(ftyp("M4B "), 16)).isTrue();
        assertThat(ContainerFormat.audioOnly(ftyp("isom"), 16)).isFalse();
        assertThat(ContainerFormat.audioOnly(ftyp("heic"), 16)).isFalse();

        // flags 0x04: audio only; 0x05: audio and video
        var audio = new byte[] {'F', 'L', 'V', 1, 0x04, 0, 0, 0, 9};
        var both = new byte[] {'F', 'L', 'V', 1, 0x05, 0, 0, 0, 9};
        assertThat(sniff(audio)).isEmpty();
        assertThat(ContainerFormat.audioOnly(audio, audio.length)).isTrue();
        assertThat(sniff(both)).contains(ContainerFormat.FLV);
        assertThat(ContainerFormat.audioOnly(both, both.length)).isFalse();
    }

    @Test
    void matroskaAndWebmAreToldApartByDocType() {
        var ebml = new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0x42, (byte) 0x82, (byte) 0x84};
        var webm = Arrays.copyOf(ebml, 11);
        System.arraycopy("webm".getBytes(StandardCharsets.ISO_8859_1), 0, webm, 7, 4);

        assertThat(sniff(ebml)).contains(ContainerFormat.MATROSKA);
        assertThat(sniff(webm)).contains(ContainerFormat.WEBM);
    }

    @Test
    void mpegTsNeedsThreeSyncBytes() {
        var ts = new byte[188 * 3];
        ts[0] = ts[188] = ts[376] = 0x47;
        assertThat(sniff(ts)).contains(ContainerFormat.MPEG_TS);
        ts[376] = 0;
        assertThat(sniff(ts)).isEmpty();
    }

    @Test
    void textAnHlsPlaylistAndEmptyInputAreRefused() {
        assertThat(sniff("hello, this is not a video".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(sniff("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\nfile:///etc/passwd\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(ContainerFormat.sniff(new byte[0], 0)).isEmpty();
    }
}
