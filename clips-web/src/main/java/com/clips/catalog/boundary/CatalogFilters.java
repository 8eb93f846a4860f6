package com.clips.catalog.boundary;

import jakarta.ws.rs.QueryParam;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The catalog's query parameters as the OpenAPI document declares them (one {@code @BeanParam} on
 * each catalog route). {@link AssetQueryParams} reads and checks the values; the names it accepts
 * are the fields here, so the document and the parser cannot drift apart.
 */
public class CatalogFilters {

    @QueryParam("fileName")
    @Parameter(description = "File name contains (any case)")
    String fileName;

    @QueryParam("title")
    @Parameter(description = "Title contains (any case)")
    String title;

    @QueryParam("game")
    @Parameter(description = "Game title contains (any case)")
    String game;

    @QueryParam("sessionId")
    @Parameter(description = "Recording session id, exactly")
    String sessionId;

    @QueryParam("owner")
    @Parameter(description = "Owner (the uploading client's subject), exactly")
    String owner;

    @QueryParam("minSize")
    @Parameter(
            description = "At least this many bytes",
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    String minSize;

    @QueryParam("maxSize")
    @Parameter(
            description = "At most this many bytes",
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    String maxSize;

    @QueryParam("uploadedAfter")
    @Parameter(
            description = "Uploaded at or after (ISO-8601 instant)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String uploadedAfter;

    @QueryParam("uploadedBefore")
    @Parameter(
            description = "Uploaded before (ISO-8601 instant)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String uploadedBefore;

    @QueryParam("viewedAfter")
    @Parameter(
            description = "Last played at or after (ISO-8601 instant)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String viewedAfter;

    @QueryParam("visibility")
    @Parameter(
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {"public", "private"}))
    String visibility;

    @QueryParam("includeDeleted")
    @Parameter(
            description = "Include soft-deleted clips (moderators and administrators)",
            schema = @Schema(type = SchemaType.BOOLEAN))
    String includeDeleted;

    @QueryParam("tags")
    @Parameter(
            description = "Any of these tags (comma-separated or repeated)",
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    List<String> tags;

    @QueryParam("hasTags")
    @Parameter(description = "Has at least one tag (true) or none (false)", schema = @Schema(type = SchemaType.BOOLEAN))
    String hasTags;

    @QueryParam("minDuration")
    @Parameter(description = "At least this long (seconds)", schema = @Schema(type = SchemaType.NUMBER, minimum = "0"))
    String minDuration;

    @QueryParam("maxDuration")
    @Parameter(description = "At most this long (seconds)", schema = @Schema(type = SchemaType.NUMBER, minimum = "0"))
    String maxDuration;

    @QueryParam("minWidth")
    @Parameter(
            description = "At least this many pixels wide",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0"))
    String minWidth;

    @QueryParam("minHeight")
    @Parameter(
            description = "At least this many pixels high",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0"))
    String minHeight;

    @QueryParam("codecs")
    @Parameter(
            description = "Any of these video codecs, e.g. h264, hevc, vp9, av1 (comma-separated or repeated)",
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    List<String> codecs;

    @QueryParam("minFrameRate")
    @Parameter(
            description = "At least this many frames per second",
            schema = @Schema(type = SchemaType.NUMBER, minimum = "0"))
    String minFrameRate;

    @QueryParam("status")
    @Parameter(
            description = "Processing status",
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {
                                "uploaded",
                                "queued",
                                "extracting_metadata",
                                "generating_thumbnail",
                                "compressing",
                                "ready",
                                "failed",
                                "deleted"
                            }))
    String status;

    @QueryParam("compressed")
    @Parameter(description = "Has a compressed MP4", schema = @Schema(type = SchemaType.BOOLEAN))
    String compressed;

    @QueryParam("hasThumbnail")
    @Parameter(description = "Has a poster", schema = @Schema(type = SchemaType.BOOLEAN))
    String hasThumbnail;

    @QueryParam("minViews")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    String minViews;

    @QueryParam("minFavorites")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    String minFavorites;

    @QueryParam("q")
    @Parameter(
            description =
                    "Full text over title, tags, game and description, ranked (web-search syntax: \"a phrase\", or, -word; at most 200 characters)",
            schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    String q;

    @QueryParam("sort")
    @Parameter(
            description = "uploadedAt by default, relevance with q",
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {
                                "uploadedAt",
                                "fileName",
                                "size",
                                "title",
                                "duration",
                                "views",
                                "favorites",
                                "game",
                                "resolution",
                                "lastViewed",
                                "relevance"
                            }))
    String sort;

    @QueryParam("order")
    @Parameter(
            description = "desc by default",
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {"asc", "desc"}))
    String order;

    @QueryParam("page")
    @Parameter(
            description = "Page number, from 1 (page × pageSize at most 10,000 rows deep; deeper: cursor)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", defaultValue = "1"))
    String page;

    @QueryParam("pageSize")
    @Parameter(
            schema =
                    @Schema(
                            type = SchemaType.INTEGER,
                            format = "int32",
                            minimum = "1",
                            maximum = "100",
                            defaultValue = "20"))
    String pageSize;

    @QueryParam("cursor")
    @Parameter(description = "Keyset cursor: nextCursor of the previous page (or its Link rel=next); not with page")
    String cursor;

    /** Every parameter name declared above. */
    static final Set<String> NAMES = Arrays.stream(CatalogFilters.class.getDeclaredFields())
            .map(f -> f.getAnnotation(QueryParam.class))
            .filter(q -> q != null)
            .map(QueryParam::value)
            .collect(Collectors.toCollection(TreeSet::new));
}
