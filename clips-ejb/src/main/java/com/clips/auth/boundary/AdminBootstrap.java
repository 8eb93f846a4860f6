package com.clips.auth.boundary;

import com.clips.identity.Role;
import com.clips.tenants.boundary.Tenants;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes sure the platform's own tenant exists; on the very first start (no API client exists)
 * creates one administrator client in it and writes its
 * credentials to a 0600 file for the launcher to print once and delete. The secret is never
 * logged and never stored in clear anywhere else.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @EJB
    ApiClients clients;

    @Inject
    @ConfigProperty(name = "clips.bootstrap.credentials-file")
    Optional<String> credentialsFile;

    @Inject
    @ConfigProperty(name = "clips.default-tenant", defaultValue = "default")
    String tenant;

    @EJB
    Tenants tenants;

    @PostConstruct
    void createFirstAdministrator() {
        tenants.ensure(tenant, "platform");
        if (credentialsFile.isEmpty() || clients.count() > 0) {
            return;
        }
        var created = clients.create(tenant, "bootstrap administrator", EnumSet.of(Role.ADMINISTRATOR), null);
        var file = Path.of(credentialsFile.get());
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    file,
                    "CLIPS_CLIENT_ID=" + created.clientId() + "\nCLIPS_CLIENT_SECRET=" + created.clientSecret() + "\n",
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap credentials to " + file, e);
        }
        LOG.info(() -> "created bootstrap administrator client " + created.clientId() + "; credentials in " + file);
    }
}
