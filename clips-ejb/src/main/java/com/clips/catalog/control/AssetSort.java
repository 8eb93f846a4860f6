package com.clips.catalog.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The catalog's sorts, by the names the API takes (?sort=views). */
public enum AssetSort {
    UPLOADED_AT("uploadedAt"),
    FILE_NAME("fileName"),
    SIZE("size"),
    TITLE("title"),
    DURATION("duration"),
    VIEWS("views"),
    FAVORITES("favorites"),
    GAME("game"),
    RESOLUTION("resolution"),
    LAST_VIEWED("lastViewed"),
    RELEVANCE("relevance");

    private final String apiName;

    AssetSort(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static AssetSort of(String apiName) {
        return Arrays.stream(values())
                .filter(s -> s.apiName.equalsIgnoreCase(apiName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(apiName));
    }

    public static String names() {
        return Arrays.stream(values()).map(AssetSort::apiName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return apiName.toLowerCase(Locale.ROOT);
    }
}
