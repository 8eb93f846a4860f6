package com.clips.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The configured ffmpeg and ffprobe run. */
@Readiness
@ApplicationScoped
public class FfmpegHealth implements HealthCheck {

    @Inject
    @ConfigProperty(name = "clips.ffprobe.path", defaultValue = "/usr/bin/ffprobe")
    String ffprobe;

    @Inject
    @ConfigProperty(name = "clips.ffmpeg.path", defaultValue = "/usr/bin/ffmpeg")
    String ffmpeg;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("ffmpeg");
        try {
            return response.status(runs(ffmpeg) != null)
                    .withData("ffprobe", String.valueOf(runs(ffprobe)))
                    .build();
        } catch (IOException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }

    /** The first line of {@code tool -version}, or null when it does not exit cleanly in time. */
    private static String runs(String tool) throws IOException {
        var process = new ProcessBuilder(tool, "-version")
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try (var out = process.getInputStream()) {
            var firstLine = new String(out.readNBytes(4096), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("");
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return null;
            }
            return firstLine;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return null;
        }
    }
}
