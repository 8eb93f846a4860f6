package com.clips.media.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The text subtitle tracks inside a source (mov_text in MP4, SubRip, ASS/SSA and WebVTT in MKV),
 * each converted to WebVTT by FFmpeg. Image subtitles (PGS, DVB, VobSub) are not text and are left
 * out, and so is a stream FFmpeg cannot convert. Languages are the streams' ISO 639-2 tags as BCP-47 (eng → en, fre/fra → fr; none: und).
 */
@ApplicationScoped
public class SourceSubtitles {

    private static final Logger LOG = Logger.getLogger(SourceSubtitles.class.getName());

    /** The subtitle codecs FFmpeg can turn into WebVTT text. */
    static final Set<String> TEXT_CODECS = Set.of("mov_text", "subrip", "srt", "ass", "ssa", "webvtt", "text");

    /** At most this many tracks are taken from one source. */
    public static final int MAX_TRACKS = 8;

    /** ISO 639-2/B codes whose ISO 639-2/T twin (what Locale knows) differs. */
    private static final Map<String, String> BIBLIOGRAPHIC = Map.ofEntries(
            Map.entry("alb", "sqi"),
            Map.entry("arm", "hye"),
            Map.entry("baq", "eus"),
            Map.entry("bur", "mya"),
            Map.entry("chi", "zho"),
            Map.entry("cze", "ces"),
            Map.entry("dut", "nld"),
            Map.entry("fre", "fra"),
            Map.entry("geo", "kat"),
            Map.entry("ger", "deu"),
            Map.entry("gre", "ell"),
            Map.entry("ice", "isl"),
            Map.entry("mac", "mkd"),
            Map.entry("mao", "mri"),
            Map.entry("may", "msa"),
            Map.entry("per", "fas"),
            Map.entry("rum", "ron"),
            Map.entry("slo", "slk"),
            Map.entry("tib", "bod"),
            Map.entry("wel", "cym"));

    private static final Map<String, String> TWO_LETTER = new HashMap<>();

    static {
        for (var code : Locale.getISOLanguages()) {
            TWO_LETTER.put(new Locale(code).getISO3Language(), code);
        }
    }

    /** One text subtitle stream: its index in the file, codec, language tag, title and whether it is for the deaf. */
    public record Stream(int index, String codec, String language, String title, boolean hearingImpaired) {}

    /** A stream converted: what the caption rules then check and store. */
    public record Extracted(Stream stream, byte[] webvtt) {}

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    MediaProber prober;

    /** Every text subtitle stream of {@code source} (at most {@link #MAX_TRACKS}), as WebVTT. */
    public List<Extracted> extract(Path source, ContainerFormat format, Path workDir, long jobExecution) {
        var streams = prober.subtitleStreams(source, format).stream()
                .filter(s -> TEXT_CODECS.contains(s.codec()))
                .limit(MAX_TRACKS)
                .toList();
        var extracted = new ArrayList<Extracted>();
        for (var stream : streams) {
            var out = workDir.resolve("subtitles-" + stream.index() + ".vtt");
            var args = new ArrayList<>(Ffmpeg.input(source, format));
            args.addAll(List.of("-map", "0:" + stream.index(), "-c:s", "webvtt", "-f", "webvtt", out.toString()));
            try {
                ffmpeg.run(args, workDir, "subtitles", jobExecution);
            } catch (UnsupportedMediaException e) {
                // a stream FFmpeg cannot convert is left out; the clip is processed without it
                LOG.info(() ->
                        "subtitle stream " + stream.index() + " (" + stream.codec() + ") left out: " + e.getMessage());
                continue;
            }
            try {
                extracted.add(new Extracted(stream, Files.readAllBytes(out)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return extracted;
    }

    /** A stream's ISO 639-2 language tag as a BCP-47 one: eng → en, fre → fr; und when it has none or it is unknown. */
    public static String language(String iso639) {
        if (iso639 == null || iso639.isBlank()) {
            return "und";
        }
        var code = iso639.strip().toLowerCase(Locale.ROOT);
        if (code.length() == 2 && TWO_LETTER.containsValue(code)) {
            return code;
        }
        return Optional.ofNullable(TWO_LETTER.get(BIBLIOGRAPHIC.getOrDefault(code, code)))
                .orElse(code.matches("[a-z]{3}") && !code.equals("und") ? code : "und");
    }
}
