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

    @Inject
    @ConfigProperty(name = "clips.processing.rendition-threads", defaultValue = "5")
    int renditionThreads;

    @Inject
    @ConfigProperty(name = "clips.processing.resume-interrupted", defaultValue = "true")
    boolean resumeInterrupted;

    /** Scratch space for jobs; defaults to the server's temp directory. */
    public Path workBase() {
        return Path.of(workDir.orElseGet(() -> System.getProperty("jboss.server.temp.dir",
                System.getProperty("java.io.tmpdir")) + "/clips-work"));
    }

    public WorkDirectory workDirectory(long instanceId) {
        return WorkDirectory.forJob(workBase(), instanceId);
    }

    /** How many renditions of one job encode at once (partition threads). */
    public int renditionThreads() {
        return Math.max(1, renditionThreads);
    }

    /** Whether runs a crash of this node interrupted are restarted when it comes back. */
    public boolean resumeInterrupted() {
        return resumeInterrupted;
    }

    /** This node's name, recorded on every run so a restarted node finds the runs it was doing. */
    public String node() {
        return nodeName();
    }

    /** This node's name (jboss.node.name), also for callers that may not use CDI any more (shutdown). */
    public static String nodeName() {
        return System.getProperty("jboss.node.name", "clips");
    }
}
