package com.clips;

import com.clips.identity.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.ExternalDocumentation;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "clips")
@DeclareRoles({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Clips API",
                        contact = @Contact(name = "Clips operators"),
                        license =
                                @License(
                                        name = "All rights reserved (the repository grants no license)",
                                        identifier = "LicenseRef-All-Rights-Reserved"),
                        version = "1",
                        description = "Upload clips, follow their processing, and read what was learnt about them. "
                                + "Get a bearer token from POST /api/v1/auth/token (OAuth2 client credentials). "
                                + "Errors are application/problem+json (RFC 9457) with a stable type."),
        externalDocs =
                @ExternalDocumentation(
                        description = "Interactive documentation and a token form (Swagger UI)",
                        url = "/openapi-ui/"),
        tags = {
            @Tag(name = "Analytics", description = "Plays, downloads and favorites: per clip, per user, as heatmaps"),
            @Tag(name = "Assets", description = "Upload clips, read, edit, delete and restore them, and play them"),
            @Tag(name = "Auth", description = "Tokens (OAuth2 client credentials) and the keys that verify them"),
            @Tag(name = "Catalog", description = "Search the tenant's clips: filters, sorts, pages and cursors"),
            @Tag(name = "Favorites", description = "Mark clips as favorites and list them"),
            @Tag(name = "Operations", description = "Operators: clients, tenants, jobs, dead letters, storage, audit"),
            @Tag(name = "Playlists", description = "Ordered lists of clips"),
            @Tag(
                    name = "Uploads",
                    description = "Direct uploads to storage (presigned) and resumable uploads (tus 1.0)")
        })
// security schemes, shared problem responses and the conventions of every operation: OpenApiContract
public class ClipsApi extends Application {}
