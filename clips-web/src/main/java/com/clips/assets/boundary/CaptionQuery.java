package com.clips.assets.boundary;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** A caption track's label and kind, the query parameters its upload and its replacement both take. */
public class CaptionQuery {

    @QueryParam("label")
    @Parameter(description = "what the player's menu shows; default the language's name")
    String label;

    @QueryParam("kind")
    @Parameter(
            schema =
                    @Schema(
                            enumeration = {"subtitles", "captions"},
                            defaultValue = "subtitles"))
    String kind;
}
