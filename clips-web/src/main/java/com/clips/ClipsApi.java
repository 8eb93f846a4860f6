package com.clips;

import com.clips.identity.Role;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "clips")
@DeclareRoles({Role.USER_GROUP, Role.PREMIUM_GROUP, Role.MODERATOR_GROUP, Role.ADMINISTRATOR_GROUP})
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Clips API",
                        version = "1",
                        description = "Upload clips, follow their processing, and read what was learnt about them. "
                                + "Get a bearer token from POST /api/v1/auth/token (OAuth2 client credentials). "
                                + "Errors are application/problem+json (RFC 9457) with a stable type."))
// security schemes, shared problem responses and the conventions of every operation: OpenApiContract
public class ClipsApi extends Application {}
