package com.clips.tenants.boundary;

import com.clips.identity.Caller;
import com.clips.identity.Role;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.platform.web.Fields;
import com.clips.tenants.control.QuotaAdmission;
import com.clips.tenants.entity.LoudnessProfile;
import com.clips.tenants.entity.Quotas;
import com.clips.tenants.entity.Tenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tenant administration. Administrators of the platform's own tenant create, limit, suspend and
 * resume tenants; a tenant's administrators may read their own tenant (quotas and usage).
 */
@Path("tenants")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class TenantsResource {

    /** null: unlimited. */
    public record QuotasBody(
            Long maxStorageBytes, Long maxAssets, Long maxUploadBytes, Integer maxProcessingMinutesPerMonth) {

        Quotas toQuotas() {
            try {
                return new Quotas(maxStorageBytes, maxAssets, maxUploadBytes, maxProcessingMinutesPerMonth);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemType.INVALID_FIELD, "Each quota is null (unlimited) or at least 1.");
            }
        }

        static QuotasBody of(Quotas q) {
            return new QuotasBody(
                    q.maxStorageBytes(), q.maxAssets(), q.maxUploadBytes(), q.maxProcessingMinutesPerMonth());
        }
    }

    /**
     * The encoding profile: renditions stop at maxRenditionHeight (null: the full ladder); loudness
     * says how the audio is normalised (null: the platform's settings); protection "cbcs" encrypts
     * the clips it processes (CENC cbcs, keys from the platform's key provider, played with a DRM
     * licence), "none" or null leaves them in the clear.
     */
    public record EncodingBody(
            Integer maxRenditionHeight,
            LoudnessBody loudness,
            @Schema(enumeration = {"cbcs", "none"}) String protection) {

        LoudnessProfile loudnessProfile() {
            return loudness == null
                    ? LoudnessProfile.PLATFORM
                    : new LoudnessProfile(loudness.normalize(), loudness.integratedLufs(), loudness.truePeakDbtp());
        }
    }

    /**
     * Loudness normalisation (EBU R128 / ITU-R BS.1770, FFmpeg's loudnorm): normalize false turns it
     * off; integratedLufs (-70 to -5) and truePeakDbtp (-9 to 0) are the target and ceiling. Each
     * null: the platform's setting (normalised to -16 LUFS, -1.5 dBTP unless it says otherwise).
     */
    public record LoudnessBody(Boolean normalize, Double integratedLufs, Double truePeakDbtp) {

        static LoudnessBody of(LoudnessProfile p) {
            return new LoudnessBody(p.normalize(), p.integratedLufs(), p.truePeakDbtp());
        }
    }

    /**
     * Playback settings: embedOrigins are the sites whose pages may frame the embed player (CSP
     * frame-ancestors); empty: the platform's default.
     */
    public record PlaybackBody(List<String> embedOrigins) {}

    public record NewTenant(
            String id, String name, QuotasBody quotas, EncodingBody encoding, String administratorName) {}

    public record TenantView(
            String id,
            String name,
            String status,
            Instant createdAt,
            Instant suspendedAt,
            QuotasBody quotas,
            EncodingBody encoding,
            PlaybackBody playback,
            QuotaAdmission.Usage usage) {

        static TenantView of(Tenant t, QuotaAdmission.Usage usage) {
            return new TenantView(
                    t.id(),
                    t.name(),
                    t.status().name(),
                    t.createdAt(),
                    t.suspendedAt(),
                    QuotasBody.of(t.quotas()),
                    new EncodingBody(
                            t.maxRenditionHeight(),
                            LoudnessBody.of(t.loudness()),
                            t.protectsContent() ? Tenant.CBCS : "none"),
                    new PlaybackBody(t.embedOrigins()),
                    usage);
        }
    }

    public record Administrator(String clientId, String clientSecret) {}

    public record CreatedTenant(TenantView tenant, Administrator administrator) {}

    @EJB
    Tenants tenants;

    @Inject
    QuotaAdmission admission;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @POST
    @Operation(
            operationId = "createTenant",
            summary = "Create a tenant with its first administrator client (the secret is returned once)")
    @APIResponse(
            responseCode = "201",
            description = "The tenant and its administrator's credentials (the secret shown once); Location names it",
            content = @Content(schema = @Schema(implementation = CreatedTenant.class)))
    public Response create(NewTenant request) {
        Fields.requireName(request == null ? null : request.name());
        var quotas =
                request.quotas() == null ? Quotas.UNLIMITED : request.quotas().toQuotas();
        var height = request.encoding() == null ? null : request.encoding().maxRenditionHeight();
        var loudness = request.encoding() == null
                ? LoudnessProfile.PLATFORM
                : request.encoding().loudnessProfile();
        var admin = request.administratorName() == null
                        || request.administratorName().isBlank()
                ? request.id() + " administrator"
                : request.administratorName().strip();
        var created = caller.asPlatformAdministrator(() -> tenants.create(
                caller.tenant(),
                request.id(),
                request.name().strip(),
                quotas,
                height,
                loudness,
                request.encoding() == null ? null : request.encoding().protection(),
                admin));
        var view = TenantView.of(created.tenant(), new QuotaAdmission.Usage(0, 0, 0));
        return Response.created(
                        uri.getAbsolutePathBuilder().path(created.tenant().id()).build())
                .entity(new CreatedTenant(
                        view,
                        new Administrator(
                                created.administrator().clientId(),
                                created.administrator().clientSecret())))
                .build();
    }

    @GET
    @Operation(operationId = "listTenants", summary = "Every tenant (platform administrators)")
    public List<TenantView> list() {
        return caller.asPlatformAdministrator(
                () -> tenants.list().stream().map(t -> TenantView.of(t, null)).toList());
    }

    @GET
    @Path("{id}")
    @Operation(
            operationId = "getTenant",
            summary = "One tenant with its quotas and current usage",
            description = "Platform administrators read any tenant; a tenant's administrators read their own.")
    public TenantView get(@PathParam("id") String id) {
        if (!caller.platformAdministrator() && !caller.tenant().equals(id)) {
            throw ProblemException.notFound("Tenant " + id);
        }
        return TenantView.of(tenants.get(id), admission.usage(id));
    }

    @PUT
    @Path("{id}/quotas")
    @Operation(
            operationId = "replaceTenantQuotas",
            summary = "Replace a tenant's quotas (a null or missing quota is unlimited)")
    public TenantView limit(@PathParam("id") String id, QuotasBody quotas) {
        var q = quotas == null ? Quotas.UNLIMITED : quotas.toQuotas();
        return caller.asPlatformAdministrator(
                () -> TenantView.of(tenants.limit(caller.tenant(), id, q), admission.usage(id)));
    }

    @PUT
    @Path("{id}/encoding")
    @Operation(
            operationId = "replaceTenantEncoding",
            summary = "Replace a tenant's encoding profile; it applies to processing that starts from now on")
    public TenantView encoding(@PathParam("id") String id, EncodingBody encoding) {
        var height = encoding == null ? null : encoding.maxRenditionHeight();
        var loudness = encoding == null ? LoudnessProfile.PLATFORM : encoding.loudnessProfile();
        return caller.asPlatformAdministrator(() -> TenantView.of(
                tenants.encode(caller.tenant(), id, height, loudness, encoding == null ? null : encoding.protection()),
                admission.usage(id)));
    }

    @PUT
    @Path("{id}/playback")
    @Operation(
            operationId = "replaceTenantPlayback",
            summary = "Replace a tenant's playback settings: the sites whose pages may frame its embed player",
            description = "embedOrigins: origins such as https://example.com or https://*.example.com (its"
                    + " subdomains), at most 32; an empty list restores the platform's default. Platform"
                    + " administrators set any tenant's, a tenant's administrators their own.")
    public TenantView playback(@PathParam("id") String id, PlaybackBody playback) {
        var origins = playback == null ? null : playback.embedOrigins();
        if (caller.platformAdministrator()) {
            return caller.asPlatformAdministrator(
                    () -> TenantView.of(tenants.allowEmbedsFrom(caller.tenant(), id, origins), admission.usage(id)));
        }
        if (!caller.tenant().equals(id)) {
            throw ProblemException.notFound("Tenant " + id);
        }
        return TenantView.of(tenants.allowEmbedsFrom(caller.tenant(), id, origins), admission.usage(id));
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "suspendTenant",
            summary = "Suspend a tenant: no tokens for its clients, its tokens refused; its data stays")
    public TenantView suspend(@PathParam("id") String id) {
        return caller.asPlatformAdministrator(() -> TenantView.of(tenants.suspend(caller.tenant(), id), null));
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.WILDCARD)
    @Operation(operationId = "resumeTenant", summary = "Resume a suspended tenant")
    public TenantView resume(@PathParam("id") String id) {
        return caller.asPlatformAdministrator(() -> TenantView.of(tenants.resume(caller.tenant(), id), null));
    }
}
