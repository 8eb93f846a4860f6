package com.clips.audit.boundary;

import com.clips.identity.Role;
import com.clips.platform.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit log: what administrators, moderators and operators did, newest first. */
@Path("admin/audit")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class AuditResource {

    public record AuditPage(List<AuditLog.Entry> items, int page, int pageSize, long total) {}

    @EJB
    AuditLog audit;

    @GET
    @Operation(
            operationId = "listAuditEntries",
            summary = "Audit entries of this tenant, newest first",
            description = "Filters: action (a prefix: 'client.' finds client.create, client.rotate, client.revoke), "
                    + "actor (a client id). Actions: client.create|rotate|revoke, asset.delete|restore|purge|edit "
                    + "(on someone else's clip), asset.reprocess, job.restart|stop, dead-letter.replay|discard.")
    public AuditPage list(
            @QueryParam("action") String action, @QueryParam("actor") String actor, @BeanParam PageParams page) {
        var found = audit.list(action, actor, page.offset(), page.size());
        return new AuditPage(found.entries(), page.page(), page.size(), found.total());
    }
}
