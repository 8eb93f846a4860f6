package com.clips.assets.boundary;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * A bare-body upload's details, which come as query parameters (the body is the file): declared
 * here for the OpenAPI document and the unknown-parameter check; {@link UploadForm} reads them.
 */
public class UploadQuery {

    @QueryParam("fileName")
    @Parameter(description = "The file's name (else the Content-Disposition filename); cleaned and cut to 255 bytes")
    String fileName;

    @QueryParam("title")
    @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    String title;

    @QueryParam("description")
    @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 5000))
    String description;

    @QueryParam("gameTitle")
    @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    String gameTitle;

    @QueryParam("sessionId")
    @Parameter(schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    String sessionId;

    @QueryParam("recordedAt")
    @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    String recordedAt;

    @QueryParam("visibility")
    @Parameter(
            schema =
                    @Schema(
                            type = SchemaType.STRING,
                            enumeration = {"public", "private"},
                            defaultValue = "public"))
    String visibility;

    @QueryParam("tags")
    @Parameter(description = "Comma-separated; kept lower case, unique, at most 20 of 50 characters")
    String tags;
}
