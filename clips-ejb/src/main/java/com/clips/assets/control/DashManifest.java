package com.clips.assets.control;

import com.clips.media.control.HlsEncoder;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes an MPEG-DASH MPD (static, ISO BMFF live profile) over the very fMP4 segments of the HLS
 * renditions: a video adaptation set of every rung, an audio adaptation set per audio track, a
 * text adaptation set per caption track. Each representation names its init segment and media
 * segments by a {@code SegmentTemplate} relative to the MPD ({@code 720p/seg_$Number%05d$.m4s}, the
 * names the HLS muxer wrote), with a {@code SegmentTimeline} of the durations its HLS playlist
 * lists, so the MPD needs no second copy of any byte. Written with the JDK's StAX writer.
 */
public final class DashManifest {

    /** Milliseconds: the HLS playlists state durations to the microsecond, players need no finer. */
    static final int TIMESCALE = 1000;

    static final String NAMESPACE = "urn:mpeg:dash:schema:mpd:2011";
    static final String PROFILE = "urn:mpeg:dash:profile:isoff-live:2011";
    static final String ROLE_SCHEME = "urn:mpeg:dash:role:2011";
    static final String CHANNELS_SCHEME = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";

    /** A video rung: its rendition name, figures, and its segments' durations in seconds. */
    public record Video(
            String name,
            long bandwidth,
            String codecs,
            int width,
            int height,
            BigDecimal frameRate,
            List<Double> segments) {}

    /** An audio track: its rendition name, language (null: undetermined), label, whether it is the default. */
    public record Audio(
            String name,
            String language,
            String label,
            boolean main,
            long bandwidth,
            String codecs,
            List<Double> segments) {}

    /** A caption track: its WebVTT file relative to the MPD. */
    public record Text(String language, String label, boolean captions, String file) {}

    private DashManifest() {}

    /**
     * The MPD; {@code query} (empty, or {@code ?token=...}) is appended to every URL it names, so a
     * token that came in the query reaches the segments as well. With the content key ID
     * {@code keyId} of an encrypted clip (null: in the clear), each video and audio adaptation set
     * signals its protection: CENC {@code cbcs} with the default key ID, and the ClearKey, Widevine
     * and PlayReady systems (their {@code pssh} boxes are in the init segments).
     */
    public static String of(
            double durationSeconds,
            List<Video> video,
            List<Audio> audio,
            List<Text> text,
            String query,
            java.util.UUID keyId) {
        var out = new StringWriter();
        try {
            var xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("MPD");
            xml.writeDefaultNamespace(NAMESPACE);
            if (keyId != null) {
                xml.writeNamespace("cenc", CENC_NAMESPACE);
            }
            xml.writeAttribute("profiles", PROFILE);
            xml.writeAttribute("type", "static");
            xml.writeAttribute("mediaPresentationDuration", duration(durationSeconds));
            xml.writeAttribute("minBufferTime", "PT4S");
            xml.writeStartElement("Period");
            xml.writeAttribute("id", "0");
            xml.writeAttribute("start", "PT0S");
            int set = 0;
            if (!video.isEmpty()) {
                xml.writeStartElement("AdaptationSet");
                xml.writeAttribute("id", String.valueOf(set++));
                xml.writeAttribute("contentType", "video");
                xml.writeAttribute("mimeType", "video/mp4");
                xml.writeAttribute("segmentAlignment", "true");
                xml.writeAttribute("startWithSAP", "1");
                xml.writeAttribute(
                        "maxWidth",
                        String.valueOf(
                                video.stream().mapToInt(Video::width).max().orElse(0)));
                xml.writeAttribute(
                        "maxHeight",
                        String.valueOf(
                                video.stream().mapToInt(Video::height).max().orElse(0)));
                protection(xml, keyId);
                for (var v : video.stream()
                        .sorted(Comparator.comparingLong(Video::bandwidth))
                        .toList()) {
                    xml.writeStartElement("Representation");
                    xml.writeAttribute("id", v.name());
                    xml.writeAttribute("bandwidth", String.valueOf(v.bandwidth()));
                    xml.writeAttribute("codecs", v.codecs());
                    xml.writeAttribute("width", String.valueOf(v.width()));
                    xml.writeAttribute("height", String.valueOf(v.height()));
                    if (v.frameRate() != null) {
                        xml.writeAttribute(
                                "frameRate", v.frameRate().stripTrailingZeros().toPlainString());
                    }
                    segmentTemplate(xml, v.name(), v.segments(), query);
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            for (var a : audio) {
                xml.writeStartElement("AdaptationSet");
                xml.writeAttribute("id", String.valueOf(set++));
                xml.writeAttribute("contentType", "audio");
                xml.writeAttribute("mimeType", "audio/mp4");
                if (a.language() != null) {
                    xml.writeAttribute("lang", a.language());
                }
                xml.writeAttribute("segmentAlignment", "true");
                xml.writeAttribute("startWithSAP", "1");
                xml.writeStartElement("AudioChannelConfiguration");
                xml.writeAttribute("schemeIdUri", CHANNELS_SCHEME);
                xml.writeAttribute("value", "2");
                xml.writeEndElement();
                protection(xml, keyId);
                element(xml, "Label", a.label());
                role(xml, a.main() ? "main" : "alternate");
                xml.writeStartElement("Representation");
                xml.writeAttribute("id", a.name());
                xml.writeAttribute("bandwidth", String.valueOf(a.bandwidth()));
                xml.writeAttribute("codecs", a.codecs());
                xml.writeAttribute("audioSamplingRate", "48000");
                segmentTemplate(xml, a.name(), a.segments(), query);
                xml.writeEndElement();
                xml.writeEndElement();
            }
            for (var t : text) {
                xml.writeStartElement("AdaptationSet");
                xml.writeAttribute("id", String.valueOf(set++));
                xml.writeAttribute("contentType", "text");
                xml.writeAttribute("mimeType", "text/vtt");
                xml.writeAttribute("lang", t.language());
                element(xml, "Label", t.label());
                role(xml, t.captions() ? "caption" : "subtitle");
                xml.writeStartElement("Representation");
                xml.writeAttribute("id", "text-" + t.language());
                xml.writeAttribute("bandwidth", "256");
                element(xml, "BaseURL", t.file() + query);
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the MPD could not be written", e);
        }
        return out + "\n";
    }

    private static void segmentTemplate(XMLStreamWriter xml, String name, List<Double> segments, String query)
            throws XMLStreamException {
        xml.writeStartElement("SegmentTemplate");
        xml.writeAttribute("timescale", String.valueOf(TIMESCALE));
        xml.writeAttribute("initialization", name + "/" + HlsEncoder.INIT_SEGMENT + query);
        xml.writeAttribute("media", name + "/seg_$Number%05d$.m4s" + query);
        xml.writeAttribute("startNumber", "0");
        xml.writeStartElement("SegmentTimeline");
        for (var run : timeline(segments)) {
            xml.writeEmptyElement("S");
            if (run.start() == 0) {
                xml.writeAttribute("t", "0");
            }
            xml.writeAttribute("d", String.valueOf(run.duration()));
            if (run.repeat() > 0) {
                xml.writeAttribute("r", String.valueOf(run.repeat()));
            }
        }
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** One {@code S} element: segments of one duration (in timescale units) one after another. */
    record Run(long start, long duration, int repeat) {}

    /**
     * The durations as runs of equal ones; each segment's start is its summed duration rounded, so
     * the rounding never drifts over a long clip.
     */
    static List<Run> timeline(List<Double> segments) {
        var runs = new java.util.ArrayList<Run>();
        double sum = 0;
        long start = 0;
        for (var seconds : segments) {
            sum += seconds;
            long end = Math.round(sum * TIMESCALE);
            long duration = end - start;
            var last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.duration() == duration) {
                runs.set(runs.size() - 1, new Run(last.start(), duration, last.repeat() + 1));
            } else {
                runs.add(new Run(start, duration, 0));
            }
            start = end;
        }
        return List.copyOf(runs);
    }

    static final String CENC_NAMESPACE = "urn:mpeg:cenc:2013";

    /** The DRM systems an encrypted clip is signalled for, by system ID, with their DASH-IF values. */
    static final List<String[]> SYSTEMS = List.of(
            new String[] {"urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e", "ClearKey1.0"},
            new String[] {"urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed", "Widevine"},
            new String[] {"urn:uuid:9a04f079-9840-4286-ab92-e65be0885f95", "MSPR 2.0"});

    private static void protection(XMLStreamWriter xml, java.util.UUID keyId) throws XMLStreamException {
        if (keyId == null) {
            return;
        }
        xml.writeEmptyElement("ContentProtection");
        xml.writeAttribute("schemeIdUri", "urn:mpeg:dash:mp4protection:2011");
        xml.writeAttribute("value", "cbcs");
        xml.writeAttribute("cenc", CENC_NAMESPACE, "default_KID", keyId.toString());
        for (var system : SYSTEMS) {
            xml.writeEmptyElement("ContentProtection");
            xml.writeAttribute("schemeIdUri", system[0]);
            xml.writeAttribute("value", system[1]);
        }
    }

    private static void role(XMLStreamWriter xml, String value) throws XMLStreamException {
        xml.writeEmptyElement("Role");
        xml.writeAttribute("schemeIdUri", ROLE_SCHEME);
        xml.writeAttribute("value", value);
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    static String duration(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", seconds);
    }
}
