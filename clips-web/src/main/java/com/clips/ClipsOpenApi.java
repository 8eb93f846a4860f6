package com.clips;

import com.clips.platform.web.OpenApiContract;
import com.clips.webhooks.boundary.WebhooksDocument;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The one {@code mp.openapi.filter}: MicroProfile OpenAPI takes a single class, so the features'
 * own document filters run from here, the platform's conventions first (shared problem responses,
 * security schemes), then the webhooks section.
 */
public class ClipsOpenApi implements OASFilter {

    private final OASFilter[] filters = {new OpenApiContract(), new WebhooksDocument()};

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (var filter : filters) {
            filter.filterOpenAPI(openAPI);
        }
    }
}
