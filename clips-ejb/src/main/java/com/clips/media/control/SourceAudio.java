package com.clips.media.control;

import com.clips.platform.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The audio streams of a source as tracks a player can choose between: each with a language tag
 * (BCP-47, {@code und} when the source names none) and a name unique among them (its title, else
 * its language's English name, else "Track N", or "Audio" when it is the only one), at most
 * {@link #MAX_TRACKS} of them.
 */
public final class SourceAudio {

    /** Audio streams published per clip; later ones are left out (the probe's stream limit bounds the file). */
    public static final int MAX_TRACKS = 8;

    /** The longest track name kept (the HLS NAME attribute a player shows in its menu). */
    public static final int MAX_NAME = 100;

    /** One audio stream: its position among the audio streams ({@code 0:a:position}), index in the file, codec, tags. */
    public record Stream(int position, int index, String codec, String language, String title) {}

    /** A stream as a track: its BCP-47 language, its ISO 639-2 code for a file's header (null if none), its name. */
    public record Track(Stream stream, String language, String iso639, String name) {}

    private SourceAudio() {}

    /** The tracks of {@code streams}, in their order, the first {@link #MAX_TRACKS}, each named uniquely. */
    public static List<Track> tracks(List<Stream> streams) {
        var tracks = new ArrayList<Track>();
        var taken = new HashSet<String>();
        for (var stream : streams.stream().limit(MAX_TRACKS).toList()) {
            var language = SourceSubtitles.language(stream.language());
            var name = Text.oneLine(stream.title(), MAX_NAME);
            if (name.isEmpty()) {
                if (!language.equals("und")) {
                    name = Locale.forLanguageTag(language).getDisplayLanguage(Locale.ENGLISH);
                } else {
                    name = streams.size() == 1 ? "Audio" : "Track " + (stream.position() + 1);
                }
            }
            var unique = name;
            for (int n = 2; !taken.add(unique.toLowerCase(Locale.ROOT)); n++) {
                unique = Text.oneLine(name, MAX_NAME - 4) + " " + n;
            }
            tracks.add(new Track(stream, language, iso639(language), unique));
        }
        return List.copyOf(tracks);
    }

    private static String iso639(String language) {
        if (language.equals("und")) {
            return null;
        }
        try {
            return Locale.forLanguageTag(language).getISO3Language();
        } catch (java.util.MissingResourceException e) {
            return null;
        }
    }
}
