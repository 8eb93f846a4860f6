package com.clips.webhooks.boundary;

import com.clips.identity.Role;
import com.clips.webhooks.control.WebhookSettings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public keys that verify v1a (Ed25519) webhook signatures, as a JWK Set and as whpk_ keys. */
@Path("webhooks/keys")
@RolesAllowed(Role.ADMINISTRATOR_GROUP)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhookKeysResource {

    public record KeySet(List<Map<String, String>> keys, List<String> publicKeys) {}

    @Inject
    WebhookSettings settings;

    @GET
    @Operation(
            operationId = "getWebhookKeys",
            summary = "Public keys of the v1a (Ed25519) signatures every webhook also carries; empty if the"
                    + " deployment signs with v1 (HMAC) only")
    public KeySet keys() {
        return settings.keyPair()
                .map(k -> new KeySet(List.of(k.jwk()), List.of(k.publicKey())))
                .orElse(new KeySet(List.of(), List.of()));
    }
}
