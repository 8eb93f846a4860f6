package com.clips.media.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.media.entity.VideoMetadata;
import java.math.BigDecimal;
import java.util.List;
import net.bramp.ffmpeg.probe.FFmpegFormat;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.probe.FFmpegStream;
import net.bramp.ffmpeg.shared.CodecType;
import org.apache.commons.lang3.math.Fraction;
import org.junit.jupiter.api.Test;

class MediaProberTest {

    private static FFmpegProbeResult probe(int width, int height, int rotation, boolean audio) {
        var format = new FFmpegFormat();
        format.duration = 12.3456;
        format.bit_rate = 4_200_000;
        format.format_name = "mov,mp4,m4a,3gp,3g2,mj2";
        var video = new FFmpegStream();
        video.codec_type = CodecType.VIDEO;
        video.codec_name = "h264";
        video.width = width;
        video.height = height;
        video.avg_frame_rate = Fraction.getFraction(60000, 1001);
        if (rotation != 0) {
            var side = new FFmpegStream.SideData();
            side.displaymatrix = "matrix";
            side.rotation = rotation;
            video.side_data_list = new FFmpegStream.SideData[] {side};
        }
        var result = new FFmpegProbeResult();
        result.format = format;
        result.streams = audio ? List.of(video, audioStream()) : List.of(video);
        return result;
    }

    private static FFmpegStream audioStream() {
        var s = new FFmpegStream();
        s.codec_type = CodecType.AUDIO;
        s.codec_name = "aac";
        return s;
    }

    @Test
    void readsDurationResolutionCodecsRateAndBitrate() {
        var m = MediaProber.toMetadata(probe(1920, 1080, 0, true));

        assertThat(m.durationSeconds()).isEqualByComparingTo("12.346");
        assertThat(m.width()).isEqualTo(1920);
        assertThat(m.height()).isEqualTo(1080);
        assertThat(m.videoCodec()).isEqualTo("h264");
        assertThat(m.audioCodec()).isEqualTo("aac");
        assertThat(m.frameRate()).isEqualByComparingTo("59.940");
        assertThat(m.bitrateKbps()).isEqualTo(4200);
    }

    @Test
    void sidewaysRotationSwapsToDisplayedDimensions() {
        var m = MediaProber.toMetadata(probe(1920, 1080, -90, false));

        assertThat(m.width()).isEqualTo(1080);
        assertThat(m.height()).isEqualTo(1920);
        assertThat(m.rotation()).isEqualTo(-90);
        assertThat(m.audioCodec()).isNull();
    }

    @Test
    void hardenedArgumentsPinTheDemuxerAndTheFileProtocol() {
        var args = List.of(MediaProber.hardenedInputArgs(ContainerFormat.MP4));

        assertThat(args).containsSubsequence("-protocol_whitelist", "file").containsSubsequence("-f", "mov");
    }

    @Test
    void limitsRefuseHugeFramesLongRunsAndFastRates() {
        var limits = MediaLimits.DEFAULT;
        var ok = new VideoMetadata(BigDecimal.TEN, 3840, 2160, 0, "h264", "aac", 1, BigDecimal.valueOf(60), "mov");
        limits.check(ok, 2);

        assertThatThrownBy(() -> limits.check(
                        new VideoMetadata(BigDecimal.TEN, 9000, 100, 0, "h264", null, 1, BigDecimal.ONE, "mov"), 1))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("9000x100");
        assertThatThrownBy(() -> limits.check(
                        new VideoMetadata(
                                BigDecimal.valueOf(5 * 3600), 640, 360, 0, "h264", null, 1, BigDecimal.ONE, "mov"),
                        1))
                .isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() -> limits.check(
                        new VideoMetadata(BigDecimal.TEN, 640, 360, 0, "h264", null, 1, BigDecimal.valueOf(240), "mov"),
                        1))
                .isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() -> limits.check(ok, 9)).isInstanceOf(UnsupportedMediaException.class);
        assertThatThrownBy(() ->
                        limits.check(new VideoMetadata(BigDecimal.TEN, null, null, 0, null, "aac", 1, null, "mov"), 1))
                .hasMessage("The file has no video stream (an audio file?). Clips accepts video files only:"
                        + " upload a file with a video track.");
        // a video stream without a usable size is another matter
        assertThatThrownBy(() ->
                        limits.check(new VideoMetadata(BigDecimal.TEN, 0, 0, 0, "h264", "aac", 1, null, "mov"), 1))
                .hasMessage("The file has no video stream with a usable resolution.");
    }
}
