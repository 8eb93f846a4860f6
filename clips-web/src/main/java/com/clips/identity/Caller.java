package com.clips.identity;

import com.clips.platform.ProblemException;
import com.clips.platform.TenantScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, from the verified access token: the tenant every query is scoped to, and the subject. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken token;

    /** The platform's own tenant (the bootstrap administrator's): its administrators manage all tenants. */
    @Inject
    @ConfigProperty(name = "clips.default-tenant", defaultValue = "default")
    String platformTenant;

    public String tenant() {
        String tenant = token.getClaim("tenant");
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.unauthenticated("A bearer token with a tenant is required.");
        }
        return tenant;
    }

    /** The caller as an uploader: Premium keeps original quality, no compressed copy. */
    public Uploader uploader() {
        return new Uploader(tenant(), subject(), token.getGroups().contains(Role.PREMIUM_GROUP));
    }

    /** The caller as the asset rules see it: moderators and administrators reach past ownership in their tenant. */
    public Viewer viewer() {
        var groups = token.getGroups();
        boolean administrator = groups.contains(Role.ADMINISTRATOR_GROUP);
        return new Viewer(tenant(), subject(), administrator || groups.contains(Role.MODERATOR_GROUP), administrator);
    }

    public boolean platformAdministrator() {
        return token.getGroups().contains(Role.ADMINISTRATOR_GROUP) && platformTenant.equals(tenant());
    }

    /**
     * Work across tenants (tenant administration, platform-wide maintenance), for administrators of
     * the platform's own tenant only, run in the system scope; anyone else gets 403.
     */
    public <T> T asPlatformAdministrator(Supplier<T> work) {
        if (!platformAdministrator()) {
            throw ProblemException.forbidden(
                    "Only administrators of the platform's own tenant (" + platformTenant + ") may do this.");
        }
        return TenantScope.system(work);
    }

    public String subject() {
        var subject = token.getSubject();
        if (subject == null) {
            throw ProblemException.unauthenticated("A bearer token is required.");
        }
        return subject;
    }
}
