package com.clips.catalog.boundary;

import com.clips.assets.boundary.AssetView;
import com.clips.identity.Caller;
import com.clips.platform.web.ServerTiming;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Answers every catalog route the same way: the page as JSON, the next page in a Link header. */
@RequestScoped
public class AssetListing {

    @EJB
    Catalog catalog;

    @Inject
    Caller caller;

    public Response list(UriInfo uri, String owner, String exactGame) {
        var query = AssetQueryParams.parse(uri.getQueryParameters(), owner, exactGame);
        var found = catalog.search(caller.viewer(), query);
        var items = found.items().stream()
                .map(a -> AssetView.of(a, found.renditions().getOrDefault(a.id(), List.of())))
                .toList();
        var nextCursor = found.next() == null ? null : found.next().encode();
        var page = AssetPage.of(
                items,
                query.keyset() ? null : query.page(),
                query.pageSize(),
                found.total(),
                found.totalIsLowerBound(),
                nextCursor);
        var response = Response.ok(page);
        if (nextCursor != null) {
            var next = uri.getRequestUriBuilder()
                    .replaceQueryParam("page")
                    .replaceQueryParam("cursor", nextCursor)
                    .build();
            response.link(next, "next");
        }
        if (found.total() != null) {
            response.header("X-Total-Count", found.total()); // totalRelation in the body says if it is exact
        }
        if (found.counting() != null) {
            // the capped count runs alongside the page: its own time, and how long the answer then
            // waited for it (the part of the whole, app, that the count added)
            response.header(ServerTiming.HEADER, ServerTiming.metric("count", found.counting()));
            response.header(ServerTiming.HEADER, ServerTiming.metric("count-wait", found.countWait()));
        }
        return response.build();
    }
}
