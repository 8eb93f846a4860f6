package com.clips.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second WildFly node of the same build, for tests that must kill a server: its own base
 * directory (configuration, Artemis journal, deployment scanner with the EAR), its own ports and
 * node name, and the same PostgreSQL and S3 server as the Arquillian node, like a second node of
 * a real cluster. Started with the distribution's own standalone.sh, as `./clips up` does.
 */
final class WildFlyNode implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path home = Path.of(TestStack.property("clips.wildfly.home"));
    private final Path base;
    private final int portOffset;
    private final String name;
    private long pid;
    private Process launcher;
    private final java.util.Map<String, String> env = new java.util.HashMap<>();

    WildFlyNode(String name, int portOffset) {
        this.name = name;
        this.portOffset = portOffset;
        this.base = Path.of("target", "node-" + name).toAbsolutePath();
    }

    /** An environment variable (configuration) of this node, over the suite's own; set before {@link #start}. */
    WildFlyNode env(String name, String value) {
        env.put(name, value);
        return this;
    }

    String api() {
        return "http://127.0.0.1:" + (8080 + portOffset) + "/api/v1";
    }

    String management() {
        return "http://127.0.0.1:" + (9990 + portOffset);
    }

    /** The node's base directory (configuration, log, data). */
    Path base() {
        return base;
    }

    String node() {
        return name;
    }

    /** A fresh base directory: the build's configuration and the EAR in the scanned deployments folder. */
    WildFlyNode prepare() throws IOException {
        delete(base);
        copy(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Files.createDirectories(base.resolve("deployments"));
        Files.copy(
                Path.of(TestStack.property("clips.ear")),
                base.resolve("deployments/clips.ear"),
                StandardCopyOption.REPLACE_EXISTING);
        return this;
    }

    /**
     * Messaging through the standalone Artemis broker at {@code host:port} instead of the node's
     * embedded one: after {@link #prepare}, writes wildfly-config's remote-broker.cli into this
     * node's clips.xml offline, as `./clips up` and the container entrypoint do for
     * CLIPS_JMS_REMOTE, and gives the node the variables the script's expressions name.
     */
    WildFlyNode remoteBroker(String host, int port, String user, String password)
            throws IOException, InterruptedException {
        env("CLIPS_JMS_REMOTE", host + ":" + port);
        env("CLIPS_JMS_REMOTE_HOST", host);
        env("CLIPS_JMS_REMOTE_PORT", String.valueOf(port));
        env("CLIPS_JMS_USER", user);
        env("CLIPS_JMS_PASSWORD", password);
        var cli = new ProcessBuilder(
                        home.resolve("bin/jboss-cli.sh").toString(),
                        "--file=" + TestStack.property("clips.remote-broker.cli"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        base.resolve("console.log").toFile()));
        cli.environment().putAll(env);
        cli.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + base);
        var process = cli.start();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "remote-broker.cli failed on node " + name + "; see " + base.resolve("console.log"));
        }
        return this;
    }

    /** Boots the node and waits until the EAR is deployed and the node reports ready. */
    void start() throws IOException, InterruptedException {
        var pidFile = base.resolve("wildfly.pid");
        Files.deleteIfExists(pidFile);
        var builder = new ProcessBuilder(
                        home.resolve("bin/standalone.sh").toString(),
                        "-c",
                        "clips.xml",
                        "-Djboss.server.base.dir=" + base,
                        "-Djboss.socket.binding.port-offset=" + portOffset,
                        "-Djboss.node.name=" + name,
                        "-Djboss.tx.node.id=" + name,
                        // SIGTERM: running jobs get 5 s to finish before the node interrupts them
                        "-Dorg.wildfly.sigterm.suspend.timeout=5",
                        "-b",
                        "127.0.0.1",
                        "-bmanagement",
                        "127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        base.resolve("console.log").toFile()));
        builder.environment().put("JBOSS_PIDFILE", pidFile.toString());
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        // the suite's 16 MiB upload limit is for the limit ITs; this node takes minute-long 1080p clips
        builder.environment().put("CLIPS_UPLOAD_MAX_BYTES", String.valueOf(256L << 20));
        // a process per rung, so a run can be caught with some renditions finished and others not
        builder.environment().put("CLIPS_PROCESSING_LADDER_ENCODERS", "3");
        builder.environment().put("JAVA_OPTS", "-Xms256m -Xmx1g -Djava.net.preferIPv4Stack=true");
        // its own address, not the suite's: an untrusted caller's Location and Link URLs name it
        builder.environment().put("CLIPS_PUBLIC_BASE_URL", "http://127.0.0.1:" + (8080 + portOffset));
        builder.environment().putAll(env);
        launcher = builder.start();
        // generous: on a loaded two-core machine a boot with the EAR has taken over three minutes
        var deadline = Instant.now().plus(Duration.ofMinutes(6));
        while (!ready()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "node " + name + " did not become ready; see " + base.resolve("log/server.log"));
            }
            Thread.sleep(1000);
        }
        pid = Long.parseLong(Files.readString(pidFile).trim());
    }

    /** SIGKILL to the server JVM: no shutdown hooks, no undeployment, nothing flushed. */
    void kill() throws InterruptedException {
        var process =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("node " + name + " is not running"));
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("node " + name + " survived SIGKILL", e);
        }
    }

    @Override
    public void close() throws Exception {
        if (pid == 0 && launcher != null) {
            // it never became ready: end the launch script and the server JVM it started
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            launcher.onExit().get(60, TimeUnit.SECONDS);
            return;
        }
        var process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().destroy();
            try {
                process.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.get().destroyForcibly();
            }
        }
    }

    private boolean ready() throws IOException, InterruptedException {
        if (!Files.exists(base.resolve("deployments/clips.ear.deployed"))
                || !Files.exists(base.resolve("wildfly.pid"))) {
            return false;
        }
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(management() + "/health/ready"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (var file : (Iterable<Path>) files::iterator) {
                var target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
