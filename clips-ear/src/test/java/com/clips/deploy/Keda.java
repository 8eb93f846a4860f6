package com.clips.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KEDA's custom resources as typed records, for the strict read in {@link KubernetesManifestsTest}.
 * Written by hand from the fields of KEDA 2.x's CRDs (keda.sh/v1alpha1 ScaledObject and
 * TriggerAuthentication) and its artemis-queue scaler's documented parameters: only the fields
 * deploy/ may use are here, so a field KEDA has but this model lacks fails the read too. It is
 * not KEDA's OpenAPI schema: a KEDA release that renamed a field would not be noticed here.
 */
final class Keda {

    private Keda() {}

    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

    record ScaledObjectSpec(
            ScaleTarget scaleTargetRef,
            Integer pollingInterval,
            Integer cooldownPeriod,
            Integer initialCooldownPeriod,
            Integer idleReplicaCount,
            Integer minReplicaCount,
            Integer maxReplicaCount,
            List<Trigger> triggers) {}

    record ScaleTarget(String apiVersion, String kind, String name, String envSourceContainerName) {}

    record Trigger(
            String type,
            String name,
            Map<String, String> metadata,
            AuthenticationRef authenticationRef,
            String metricType,
            Boolean useCachedMetrics) {}

    record AuthenticationRef(String name, String kind) {}

    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {}

    record TriggerAuthenticationSpec(List<SecretTarget> secretTargetRef) {}

    record SecretTarget(String parameter, String name, String key) {}

    /** The artemis-queue scaler's parameters (KEDA 2.x documentation) and those it requires. */
    static final Set<String> ARTEMIS_PARAMETERS = Set.of(
            "managementEndpoint",
            "queueName",
            "brokerName",
            "brokerAddress",
            "queueLength",
            "activationQueueLength",
            "username",
            "password",
            "restApiTemplate",
            "corsHeader");

    static final Set<String> ARTEMIS_REQUIRED =
            Set.of("managementEndpoint", "queueName", "brokerName", "brokerAddress");

    static void checkArtemisMetadata(Map<String, String> metadata) {
        assertThat(ARTEMIS_PARAMETERS).containsAll(metadata.keySet());
        assertThat(metadata.keySet()).containsAll(ARTEMIS_REQUIRED);
        assertThat(Integer.parseInt(metadata.get("queueLength"))).isPositive();
        assertThat(metadata.get("managementEndpoint")).matches("[a-z0-9.-]+:[0-9]+");
    }
}
