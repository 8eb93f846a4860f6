package com.clips.catalog.boundary;

import com.clips.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /assets}: the tenant's catalog, filtered, sorted and paged. It shares the {@code assets}
 * path with the assets feature's own routes.
 */
@Path("assets")
@RolesAllowed({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog")
public class AssetSearchResource {

    @Inject
    AssetListing listing;

    @Context
    UriInfo uri;

    @GET
    @Operation(
            operationId = "searchAssets",
            summary = "Search the catalog",
            description = "Filters (all optional, combined with AND): fileName, title, game (contain, ignoring case); "
                    + "sessionId, owner; minSize/maxSize (bytes); uploadedAfter/uploadedBefore, viewedAfter (ISO-8601); "
                    + "visibility (public|private); includeDeleted (moderators); tags (any of; comma-separated or "
                    + "repeated); hasTags; minDuration/maxDuration (s); minWidth, minHeight; codecs (any of); "
                    + "minFrameRate; status; compressed; hasThumbnail; minViews, minFavorites; q (full text over title, "
                    + "tags, game and description, ranked). sort: uploadedAt (default), fileName, size, title, duration, "
                    + "views, favorites, game, resolution, lastViewed, relevance (default with q); order: desc (default) "
                    + "or asc. Paging: page (from 1) and pageSize (1-100, default 20) with total (totalRelation eq: exact; gte: "
                    + "at least, as counting stops 1,000 rows past the page's start and at 10,000), or cursor (from "
                    + "nextCursor / Link: rel=next) for deep scrolling. Unknown parameters and bad values are 400.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AssetPage.class)))
    public Response list(@BeanParam CatalogFilters filters) {
        return listing.list(uri, null, null);
    }
}
