package com.clips.webhooks.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How webhooks are sent (README, configuration): schedule, limits, and which addresses may be called. */
@ApplicationScoped
public class WebhookSettings {

    /** The Standard Webhooks schedule: the first attempt at once, then these delays. */
    public static final String SPEC_SCHEDULE = "PT0S,PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT24H";

    @Inject
    @ConfigProperty(name = "clips.webhooks.retry-schedule", defaultValue = SPEC_SCHEDULE)
    List<Duration> retrySchedule;

    @Inject
    @ConfigProperty(name = "clips.webhooks.retry-jitter", defaultValue = "0.1")
    double retryJitter;

    @Inject
    @ConfigProperty(name = "clips.webhooks.request-timeout", defaultValue = "PT15S")
    Duration requestTimeout;

    @Inject
    @ConfigProperty(name = "clips.webhooks.claim-lease", defaultValue = "PT2M")
    Duration claimLease;

    @Inject
    @ConfigProperty(name = "clips.webhooks.poll-interval", defaultValue = "PT0.5S")
    Duration pollInterval;

    @Inject
    @ConfigProperty(name = "clips.webhooks.max-concurrency", defaultValue = "8")
    int maxConcurrency;

    @Inject
    @ConfigProperty(name = "clips.webhooks.max-per-endpoint", defaultValue = "4")
    int maxPerEndpoint;

    @Inject
    @ConfigProperty(name = "clips.webhooks.allow-http", defaultValue = "false")
    boolean allowHttp;

    @Inject
    @ConfigProperty(name = "clips.webhooks.allow-loopback", defaultValue = "false")
    boolean allowLoopback;

    @Inject
    @ConfigProperty(name = "clips.webhooks.allow-private", defaultValue = "false")
    boolean allowPrivate;

    @Inject
    @ConfigProperty(name = "clips.webhooks.secret-key")
    Optional<String> secretKey;

    @Inject
    @ConfigProperty(name = "clips.webhooks.signing-key-location")
    Optional<String> signingKeyLocation;

    @Inject
    @ConfigProperty(name = "clips.webhooks.public-key-location")
    Optional<String> publicKeyLocation;

    private volatile Optional<SigningKeyPair> keyPair;

    @Inject
    @ConfigProperty(name = "clips.webhooks.rotation-overlap", defaultValue = "PT24H")
    Duration rotationOverlap;

    @Inject
    @ConfigProperty(name = "clips.webhooks.disable-after", defaultValue = "P5D")
    Duration disableAfter;

    @Inject
    @ConfigProperty(name = "clips.webhooks.replay-max-events", defaultValue = "1000")
    int replayMaxEvents;

    public List<Duration> retrySchedule() {
        return retrySchedule;
    }

    public double retryJitter() {
        return retryJitter;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Longer than a request can take, so a live dispatcher's claim never runs out under it. */
    public Duration claimLease() {
        var floor = requestTimeout.plusSeconds(10);
        return claimLease.compareTo(floor) < 0 ? floor : claimLease;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public int maxConcurrency() {
        return Math.max(1, maxConcurrency);
    }

    public int maxPerEndpoint() {
        return Math.max(1, maxPerEndpoint);
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    public boolean allowLoopback() {
        return allowLoopback;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** The box that seals endpoint secrets, under {@code clips.webhooks.secret-key}. */
    public com.clips.platform.SecretBox secretBox() {
        return box(secretKey.orElse(null));
    }

    static com.clips.platform.SecretBox box(String base64Key) {
        return new com.clips.platform.SecretBox("clips.webhooks.secret-key", base64Key, "webhook secrets");
    }

    /** A new Standard Webhooks secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public Optional<String> secretKey() {
        return secretKey;
    }

    /** The Ed25519 key pair that adds v1a signatures, if the deployment has one. */
    public Optional<SigningKeyPair> keyPair() {
        if (keyPair == null) {
            keyPair = signingKeyLocation.isPresent() && publicKeyLocation.isPresent()
                    ? Optional.of(new SigningKeyPair(
                            java.nio.file.Path.of(signingKeyLocation.get()),
                            java.nio.file.Path.of(publicKeyLocation.get())))
                    : Optional.empty();
        }
        return keyPair;
    }

    public Duration rotationOverlap() {
        return rotationOverlap;
    }

    public Duration disableAfter() {
        return disableAfter;
    }

    public int replayMaxEvents() {
        return replayMaxEvents;
    }

    /**
     * Whether this node sends webhooks now: read at each poll, so an operator can take a node out
     * of dispatching (a system property through the management CLI) without a restart.
     */
    public boolean dispatching() {
        var property = System.getProperty("clips.webhooks.dispatch");
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        return ConfigProvider.getConfig()
                .getOptionalValue("clips.webhooks.dispatch", Boolean.class)
                .orElse(true);
    }
}
