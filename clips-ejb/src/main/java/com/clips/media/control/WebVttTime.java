package com.clips.media.control;

import java.util.Locale;

/** A WebVTT cue timestamp, {@code hh:mm:ss.ttt}: the storyboard track's and the caption tracks'. */
public final class WebVttTime {

    private WebVttTime() {}

    public static String of(long millis) {
        return String.format(
                Locale.ROOT,
                "%02d:%02d:%02d.%03d",
                millis / 3_600_000,
                millis / 60_000 % 60,
                millis / 1000 % 60,
                millis % 1000);
    }
}
