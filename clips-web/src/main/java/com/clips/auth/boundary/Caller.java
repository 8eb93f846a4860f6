package com.clips.auth.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is calling: the tenant every query is scoped to and the subject that owns what it creates.
 * Until client-credential JWTs land (issue 6) every caller is the default tenant's anonymous user.
 */
@RequestScoped
public class Caller {

    @Inject
    @ConfigProperty(name = "clips.default-tenant", defaultValue = "default")
    String defaultTenant;

    public String tenant() {
        return defaultTenant;
    }

    public String subject() {
        return "anonymous";
    }
}
