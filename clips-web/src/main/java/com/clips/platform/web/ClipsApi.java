package com.clips.platform.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

@ApplicationPath("/api/v1")
@OpenAPIDefinition(info = @Info(title = "Clips API", version = "1",
        description = "Upload clips, follow their processing, and read what was learnt about them. "
                + "Errors are application/problem+json (RFC 9457) with a stable type."))
public class ClipsApi extends Application {
}
