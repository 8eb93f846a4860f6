package com.clips.processing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class ProcessingSettings {

    @Inject
    @ConfigProperty(name = "clips.work.dir")
    Optional<String> workDir;

    /** Per-job scratch space; defaults to the server's temp directory. */
    public Path workBase() {
        return Path.of(workDir.orElseGet(() -> System.getProperty("jboss.server.temp.dir",
                System.getProperty("java.io.tmpdir")) + "/clips-work"));
    }
}
