package com.clips.assets.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CaptionFileTest {

    private static CaptionFile parse(String text, double seconds) {
        return CaptionFile.parse(text.getBytes(StandardCharsets.UTF_8), seconds);
    }

    private static ProblemException refused(String text, double seconds) {
        return assertThrows(ProblemException.class, () -> parse(text, seconds));
    }

    @Test
    void srtBecomesWebVtt() {
        var srt = "\uFEFF1\r\n00:00:00,500 --> 00:00:01,250\r\n<font color=\"red\">Hello</font> <i>there</i>\r\n\r\n"
                + "2\r\n00:00:01,300 --> 00:00:02,000\r\n{\\an8}Top --> line\r\nsecond\r\n";
        var vtt = parse(srt, 3);
        assertEquals(2, vtt.cues());
        assertEquals(
                "WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.250\nHello <i>there</i>\n\n"
                        + "2\n00:00:01.300 --> 00:00:02.000\nTop --&gt; line\nsecond\n",
                vtt.webvtt());
    }

    @Test
    void webVttIsKeptWithNotesStylesAndSettings() {
        var text = "WEBVTT - a title\n\nSTYLE\n::cue { color: yellow }\n\nNOTE a comment\n\n"
                + "intro\n00:00.000 --> 00:01.000 line:0 align:start\nHi\n\n00:00:01.000 --> 00:00:02.000\nThere\n";
        var vtt = parse(text, 2);
        assertEquals(2, vtt.cues());
        assertEquals(text, vtt.webvtt());
    }

    @Test
    void notUtf8NamesTheLine() {
        var bytes = "WEBVTT\n\n00:00.000 --> 00:01.000\ncaf".getBytes(StandardCharsets.UTF_8);
        var latin1 = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, latin1, 0, bytes.length);
        latin1[bytes.length] = (byte) 0xe9;
        var e = assertThrows(ProblemException.class, () -> CaptionFile.parse(latin1, 2));
        assertEquals(ProblemType.INVALID_CAPTIONS, e.type());
        assertEquals("Line 4: the file is not UTF-8 text.", e.detail());
    }

    @Test
    void neitherFormatIsRefusedAtItsFirstLine() {
        var e = refused("\n\nhello world\n", 2);
        assertEquals(ProblemType.INVALID_CAPTIONS, e.type());
        assertEquals(
                "Line 3: the file is neither WebVTT (its first line is not WEBVTT) nor SRT (a cue number, then its timing).",
                e.detail());
    }

    @Test
    void cuesOutOfOrderNameTheLaterCue() {
        var e = refused("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:00,500 --> 00:00:01,000\nb\n", 3);
        assertEquals(ProblemType.INVALID_CAPTIONS, e.type());
        assertEquals("Line 6: the cue starts before the cue above it (cues must be in start order).", e.detail());
    }

    @Test
    void aCuePastTheClipsEndIsRefused() {
        var e = refused("WEBVTT\n\n00:00.000 --> 00:01.000\na\n\n00:01.000 --> 00:05.000\nb\n", 4);
        assertEquals("Line 6: the cue ends at 00:00:05.000, after the clip's end at 00:00:04.000.", e.detail());
        assertEquals(1, parse("WEBVTT\n\n00:00.000 --> 00:04.050\na\n", 4).cues());
    }

    @Test
    void aCueEndingBeforeItStartsIsRefused() {
        assertEquals(
                "Line 3: the cue ends before it starts.",
                refused("WEBVTT\n\n00:02.000 --> 00:01.000\na\n", 4).detail());
    }

    @Test
    void aBadTimingNamesItsLine() {
        assertEquals(
                "Line 4: expected a cue timing such as 00:00:01.000 --> 00:00:02.500.",
                refused("WEBVTT\n\nid\n00:02 --> 00:03\na\n", 4).detail());
        assertEquals(
                "Line 6: expected a cue timing such as 00:00:01,000 --> 00:00:02,500.",
                refused("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\nlater\nb\n", 4)
                        .detail());
    }

    @Test
    void aMissingBlankLineBetweenCuesIsNamed() {
        assertEquals(
                "Line 5: a cue's text may not contain \"-->\" (is a blank line missing?).",
                refused("WEBVTT\n\n00:00.000 --> 00:01.000\na\n00:01.000 --> 00:02.000\nb\n", 4)
                        .detail());
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsRead() {
        var e = assertThrows(ProblemException.class, () -> CaptionFile.parse(new byte[CaptionFile.MAX_BYTES + 1], 4));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, e.type());
    }
}
