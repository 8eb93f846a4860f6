package com.clips.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver inside the test JVM (the JDK's HTTP server on loopback): it records every
 * request with its Standard Webhooks headers and answers each path as planned — a status (with
 * headers), or hanging — and 200 once the plan is spent. {@link #verify} checks what arrived with
 * the Standard Webhooks reference library (npm standardwebhooks, run by Node).
 */
final class WebhookSink implements AutoCloseable {

    record Received(String path, String id, String timestamp, String signature, String body, Instant at) {}

    /** A planned answer: a status with headers, or (hang) no answer until {@code hang} passes or is released. */
    record Reply(int status, Map<String, String> headers, Duration hang, CountDownLatch release) {

        static Reply status(int status) {
            return new Reply(status, Map.of(), null, null);
        }

        static Reply status(int status, String header, String value) {
            return new Reply(status, Map.of(header, value), null, null);
        }

        static Reply hang(Duration hang) {
            return new Reply(200, Map.of(), hang, null);
        }

        static Reply hangUntil(CountDownLatch release) {
            return new Reply(200, Map.of(), Duration.ofMinutes(5), release);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> plans = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;

    WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers to requests for {@code path}, in order. */
    void plan(String path, Reply... replies) {
        plans.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    /** Every answer waits this long first (to keep requests in flight). */
    void delayEveryAnswer(Duration delay) {
        this.delay = delay;
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits (generously) until {@code path} got at least {@code count} requests. */
    List<Received> await(String path, int count, Duration limit) throws InterruptedException {
        var deadline = Instant.now().plus(limit);
        while (at(path).size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " got " + at(path).size() + " of " + count + " requests: " + at(path));
            }
            Thread.sleep(100);
        }
        return at(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"),
                    body,
                    Instant.now()));
            Reply reply;
            var plan = plans.get(exchange.getRequestURI().getPath());
            synchronized (this) {
                reply = plan == null || plan.isEmpty() ? Reply.status(200) : plan.poll();
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (reply.hang() != null) {
                if (reply.release() != null) {
                    reply.release().await(reply.hang().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    Thread.sleep(reply.hang().toMillis());
                }
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            var answer = ("answer " + reply.status()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the sender gave up (timed out, or its node was killed): nothing to answer
        }
    }

    /**
     * Verifies {@code messages} with the reference library under every secret given (each must
     * verify, and a tampered copy of each must not): the answer's verified, tamperedRefused,
     * failures and types.
     */
    static JsonPath verify(List<String> secrets, List<Received> messages) throws Exception {
        return verify(secrets, null, messages);
    }

    /** The same, and each message's v1a signature under {@code publicKey} (whpk_…). */
    static JsonPath verify(List<String> secrets, String publicKey, List<Received> messages) throws Exception {
        var input = Files.createTempFile("webhooks", ".json");
        var list = messages.stream()
                .map(m ->
                        Map.of("id", m.id(), "timestamp", m.timestamp(), "signature", m.signature(), "body", m.body()))
                .toList();
        var request = new java.util.HashMap<String, Object>(Map.of("secrets", secrets, "messages", list));
        if (publicKey != null) {
            request.put("publicKey", publicKey);
        }
        Files.writeString(input, groovy.json.JsonOutput.toJson(request));
        var dir = Path.of(TestStack.env("CLIPS_TUS_CLIENT_DIR"));
        var process = new ProcessBuilder(
                        "node", dir.resolve("verify-webhooks.mjs").toString(), input.toString())
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("verify-webhooks.mjs failed: " + output);
        }
        return new JsonPath(output.substring(output.lastIndexOf('\n') + 1));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
