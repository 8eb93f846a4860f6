package com.clips.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/ as the cluster would read them: every document deserialised
 * strictly into the fabric8 Kubernetes model (an unknown or misspelt field fails; the model's
 * catch-all "additional properties" are switched off), KEDA's two custom resources into the small
 * typed model in {@link Keda}, and cross-checks against the product itself: every variable the
 * workloads set is one Clips reads, every setting the README lists is set, every Secret and
 * ConfigMap key referenced exists, probes and ports are the ones the provisioned server serves.
 */
class KubernetesManifestsTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path BASE = ROOT.resolve("deploy/base");

    /** The Kubernetes kinds deploy/ may use, by apiVersion and kind. */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", Keda.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", Keda.TriggerAuthentication.class));

    /** README settings that only the launcher uses on one machine; a cluster has no use for them. */
    static final Set<String> LAUNCHER_ONLY = Set.of("CLIPS_PG_SHARED_BUFFERS");

    /** What the Artemis image reads at its first start (its own entry script, not Clips). */
    static final Set<String> ARTEMIS_IMAGE_ENV =
            Set.of("ARTEMIS_USER", "ARTEMIS_PASSWORD", "EXTRA_ARGS", "JAVA_ARGS_APPEND");

    static final ObjectMapper STRICT = strictMapper();

    static List<Object> resources;

    @BeforeAll
    static void readManifests() {
        resources = new ArrayList<>();
        for (Path file : kustomizationResources(BASE)) {
            resources.addAll(readAll(file));
        }
    }

    /** Jackson with fabric8's {@code @JsonAnySetter} ignored, so an unknown field is an error. */
    static ObjectMapper strictMapper() {
        return YAMLMapper.builder(new YAMLFactory())
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return Boolean.FALSE;
                    }
                })
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .build();
    }

    static List<Object> readAll(Path file) {
        try (var parser = STRICT.getFactory().createParser(file.toFile())) {
            List<Object> documents = new ArrayList<>();
            for (var it = STRICT.readValues(parser, JsonNode.class); it.hasNext(); ) {
                documents.add(toModel(it.next(), file));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static Object toModel(JsonNode document, Path file) throws IOException {
        String key = document.path("apiVersion").asText() + "/"
                + document.path("kind").asText();
        Class<?> type = KINDS.get(key);
        if (type == null) {
            throw new AssertionError(file + ": a kind deploy/ does not use: " + key);
        }
        return STRICT.treeToValue(document, type);
    }

    static List<Path> kustomizationResources(Path dir) {
        var kustomization = read(dir.resolve("kustomization.yaml"), Kustomization.class);
        return kustomization.resources().stream().map(dir::resolve).toList();
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return STRICT.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T named(Class<T> type, String name) {
        return all(type).stream()
                .filter(r -> nameOf(r).equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static String nameOf(Object resource) {
        if (resource instanceof HasMetadata kubernetes) {
            return kubernetes.getMetadata().getName();
        }
        if (resource instanceof Keda.ScaledObject scaled) {
            return scaled.metadata().getName();
        }
        return ((Keda.TriggerAuthentication) resource).metadata().getName();
    }

    /** The pod templates of the Clips workloads (the API Deployment and the worker StatefulSet). */
    static Map<String, PodTemplateSpec> clipsPods() {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        all(Deployment.class)
                .forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).stream()
                .filter(s -> !s.getMetadata().getName().equals("clips-artemis"))
                .forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return pods;
    }

    static Container clipsContainer(PodTemplateSpec pod) {
        return pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("clips"))
                .findFirst()
                .orElseThrow();
    }

    /** Every variable a container gets: its own env and the keys of the ConfigMaps it takes whole. */
    static Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnvFrom().forEach(source -> {
            assertThat(source.getSecretRef())
                    .as("secrets are referenced key by key")
                    .isNull();
            env.putAll(
                    named(ConfigMap.class, source.getConfigMapRef().getName()).getData());
        });
        container.getEnv().forEach(var -> env.put(var.getName(), var.getValue()));
        return env;
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void everyManifestReadsStrictlyIntoTheKubernetesModel() {
        assertThat(resources).hasSize(22);
        assertThat(all(Deployment.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactly("clips-api");
        assertThat(all(StatefulSet.class))
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("clips-worker", "clips-artemis");
        assertThat(all(HorizontalPodAutoscaler.class)).hasSize(1);
        assertThat(all(Keda.ScaledObject.class)).hasSize(1);
        assertThat(all(Ingress.class)).hasSize(1);
    }

    /**
     * What kustomize renders (namespace, images and generators applied) reads strictly too. Needs
     * kubectl (its built-in kustomize); the machines this project runs on have it, a bare one may not.
     */
    @Test
    void theRenderedBaseReadsStrictlyToo() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed: the rendered base was not read");
        var process = new ProcessBuilder("kubectl", "kustomize", BASE.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String rendered = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        Path file = Files.createTempFile("clips-kustomize", ".yaml");
        try {
            Files.writeString(file, rendered);
            List<Object> documents = readAll(file);
            assertThat(documents).hasSize(resources.size());
            assertThat(documents).allSatisfy(d -> {
                if (d instanceof HasMetadata kubernetes) {
                    assertThat(kubernetes.getMetadata().getNamespace()).isEqualTo("clips");
                }
            });
        } finally {
            Files.delete(file);
        }
    }

    static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    @Test
    void kustomizationListsEveryManifestInTheBase() throws IOException {
        try (Stream<Path> files = Files.list(BASE)) {
            Set<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .collect(Collectors.toSet());
            assertThat(Set.copyOf(kustomizationResources(BASE))).isEqualTo(yaml);
        }
        var production = read(ROOT.resolve("deploy/overlays/production/kustomization.yaml"), Kustomization.class);
        assertThat(production.resources()).containsExactly("../../base");
        Set<String> secrets =
                all(Secret.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(production.secretGenerator())
                .extracting(Kustomization.Generator::name)
                .containsExactlyInAnyOrderElementsOf(secrets);
        for (var patch : production.patches()) {
            readAll(ROOT.resolve("deploy/overlays/production").resolve(patch.path()));
        }
    }

    @Test
    void aMisspeltFieldFailsTheRead() {
        String deployment = text(BASE.resolve("api.yaml")).split("\n---\n")[0];
        assertThat(deployment).contains("readinessProbe:");
        assertThatThrownBy(() -> STRICT.treeToValue(
                        STRICT.readTree(deployment.replace("readinessProbe:", "readinesProbe:")), Deployment.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("readinesProbe");
        String scaled = text(BASE.resolve("worker.yaml")).split("\n---\n")[4];
        assertThat(scaled).contains("kind: ScaledObject");
        assertThatThrownBy(() -> STRICT.treeToValue(
                        STRICT.readTree(scaled.replace("minReplicaCount:", "minReplicas:")), Keda.ScaledObject.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("minReplicas");
    }

    @Test
    void everyVariableSetIsOneClipsReads() {
        Set<String> read = settingsClipsReads();
        clipsPods()
                .forEach((name, pod) -> assertThat(
                                environment(clipsContainer(pod)).keySet())
                        .as(name)
                        .isSubsetOf(read));
        var artemis = named(StatefulSet.class, "clips-artemis").getSpec().getTemplate();
        assertThat(artemis.getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName)
                .isSubsetOf(ARTEMIS_IMAGE_ENV);
    }

    @Test
    void everySettingTheReadmeListsIsSetOnBothRoles() {
        Set<String> listed = readmeSettings();
        assertThat(listed).contains("CLIPS_DB_URL", "CLIPS_S3_BUCKET", "CLIPS_PROCESSING_CONCURRENCY");
        assertThat(listed).hasSizeGreaterThan(80);
        Set<String> expected = new TreeSet<>(listed);
        expected.removeAll(LAUNCHER_ONLY);
        // the first administrator is made by the API pods only
        Set<String> apiOnly = Set.of("CLIPS_BOOTSTRAP_CREDENTIALS_FILE");
        clipsPods().forEach((name, pod) -> {
            Set<String> set = environment(clipsContainer(pod)).keySet();
            Set<String> wanted = new TreeSet<>(expected);
            if (!name.equals("clips-api")) {
                wanted.removeAll(apiOnly);
            }
            assertThat(set).as(name).containsAll(wanted);
        });
    }

    @Test
    void theRolesDifferInConcurrencyWebhooksAndGrace() {
        var api = environment(
                clipsContainer(named(Deployment.class, "clips-api").getSpec().getTemplate()));
        var worker = environment(clipsContainer(
                named(StatefulSet.class, "clips-worker").getSpec().getTemplate()));
        assertThat(api)
                .containsEntry("CLIPS_PROCESSING_CONCURRENCY", "1")
                .containsEntry("CLIPS_WEBHOOKS_DISPATCH", "true");
        assertThat(worker)
                .containsEntry("CLIPS_PROCESSING_CONCURRENCY", "2")
                .containsEntry("CLIPS_WEBHOOKS_DISPATCH", "false");
        clipsPods().forEach((name, pod) -> {
            long grace = Long.parseLong(environment(clipsContainer(pod)).get("CLIPS_SHUTDOWN_GRACE_SECONDS"));
            assertThat(pod.getSpec().getTerminationGracePeriodSeconds())
                    .as(name + ": the pod outlives the server's suspend timeout")
                    .isGreaterThanOrEqualTo(grace + 20);
        });
    }

    @Test
    void everySecretAndConfigMapKeyReferencedExists() {
        List<String> checked = new ArrayList<>();
        for (var pod : allPods().values()) {
            for (var container : pod.getSpec().getContainers()) {
                for (var var : container.getEnv()) {
                    if (var.getValueFrom() == null) {
                        continue;
                    }
                    var secretRef = var.getValueFrom().getSecretKeyRef();
                    assertThat(secretRef).as(var.getName()).isNotNull();
                    assertThat(named(Secret.class, secretRef.getName()).getStringData())
                            .as(var.getName())
                            .containsKey(secretRef.getKey());
                    checked.add(secretRef.getName() + "/" + secretRef.getKey());
                }
            }
            for (Volume volume : pod.getSpec().getVolumes()) {
                if (volume.getSecret() != null) {
                    var data = named(Secret.class, volume.getSecret().getSecretName())
                            .getStringData();
                    volume.getSecret()
                            .getItems()
                            .forEach(item -> assertThat(data).containsKey(item.getKey()));
                    checked.add(volume.getSecret().getSecretName() + " volume");
                }
                if (volume.getConfigMap() != null) {
                    named(ConfigMap.class, volume.getConfigMap().getName());
                }
            }
        }
        for (var auth : all(Keda.TriggerAuthentication.class)) {
            for (var ref : auth.spec().secretTargetRef()) {
                assertThat(named(Secret.class, ref.name()).getStringData()).containsKey(ref.key());
            }
        }
        assertThat(checked).contains("clips-db/password", "clips-s3/secret-key", "clips-keys volume");
    }

    @Test
    void keyFilesTheSettingsNameAreMountedFromTheKeysSecret() {
        clipsPods().forEach((name, pod) -> {
            var env = environment(clipsContainer(pod));
            var mount = clipsContainer(pod).getVolumeMounts().stream()
                    .filter(m -> m.getName().equals("keys"))
                    .findFirst()
                    .orElseThrow();
            var volume = pod.getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals("keys"))
                    .findFirst()
                    .orElseThrow();
            assertThat(volume.getSecret().getDefaultMode()).as("0440").isEqualTo(0440);
            Set<String> files = volume.getSecret().getItems().stream()
                    .map(item -> mount.getMountPath() + "/" + item.getPath())
                    .collect(Collectors.toSet());
            assertThat(files)
                    .as(name)
                    .contains(
                            env.get("CLIPS_JWT_PRIVATE_KEY_LOCATION"),
                            env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION").replaceFirst("^file:", ""),
                            env.get("CLIPS_WEBHOOKS_SIGNING_KEY_LOCATION"),
                            env.get("CLIPS_WEBHOOKS_PUBLIC_KEY_LOCATION"));
            assertThat(clipsContainer(pod).getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(env.get("CLIPS_WORK_DIR")));
        });
    }

    @Test
    void probesAndPortsAreTheOnesTheServerServes() {
        String server = text(ROOT.resolve("wildfly-config/target/wildfly/standalone/configuration/clips.xml"));
        assertThat(server)
                .contains(
                        "<socket-binding name=\"management-http\" interface=\"management\" port=\"${jboss.management.http.port:9990}\"/>");
        assertThat(server).contains("<socket-binding name=\"http\" port=\"${jboss.http.port:8080}\"/>");
        assertThat(server).contains("urn:wildfly:microprofile-health-smallrye:");
        String entrypoint = text(ROOT.resolve("deploy/container/entrypoint.sh"));
        assertThat(entrypoint)
                .as("both interfaces reachable from the kubelet")
                .contains("-b 0.0.0.0 -bmanagement 0.0.0.0");

        clipsPods().forEach((name, pod) -> {
            var container = clipsContainer(pod);
            assertThat(container.getPorts())
                    .extracting(p -> p.getName() + ":" + p.getContainerPort())
                    .containsExactlyInAnyOrder("http:8080", "management:9990");
            assertThat(get(container.getStartupProbe())).as(name).isEqualTo("management/health/started");
            assertThat(get(container.getLivenessProbe())).as(name).isEqualTo("management/health/live");
            assertThat(get(container.getReadinessProbe())).as(name).isEqualTo("management/health/ready");
            assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        });
        String containerfile = text(ROOT.resolve("deploy/Containerfile"));
        assertThat(containerfile).contains("EXPOSE 8080 9990");
    }

    static String get(Probe probe) {
        assertThat(probe).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        return get.getPort().getStrVal() + get.getPath();
    }

    @Test
    void servicesIngressAndScalersPointAtWhatExists() {
        Map<String, PodTemplateSpec> pods = allPods();
        for (var service : all(Service.class)) {
            var selector = service.getSpec().getSelector();
            var targets = pods.values().stream()
                    .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(targets).as(service.getMetadata().getName()).hasSize(1);
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort();
                assertThat(targets.get(0).getSpec().getContainers().get(0).getPorts())
                        .as(service.getMetadata().getName() + " " + port.getName())
                        .anySatisfy(p -> assertThat(p.getName()).isEqualTo(target.getStrVal()));
            }
        }
        var backend = named(Ingress.class, "clips")
                .getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend();
        assertThat(named(Service.class, backend.getService().getName())
                        .getSpec()
                        .getPorts())
                .extracting(ServicePort::getName)
                .contains(backend.getService().getPort().getName());
        assertThat(named(Service.class, "clips-api").getSpec().getPorts())
                .extracting(ServicePort::getName, p -> p.getTargetPort().getStrVal())
                .contains(org.assertj.core.groups.Tuple.tuple("http", "http"));
        assertThat(named(Service.class, "clips-worker").getSpec().getPorts())
                .extracting(ServicePort::getName)
                .as("no HTTP route to the workers")
                .containsExactly("management");

        var hpa = named(HorizontalPodAutoscaler.class, "clips-api");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        named(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");

        var scaled = named(Keda.ScaledObject.class, "clips-worker");
        assertThat(scaled.spec().scaleTargetRef().kind()).isEqualTo("StatefulSet");
        named(StatefulSet.class, scaled.spec().scaleTargetRef().name());
        named(
                Keda.TriggerAuthentication.class,
                scaled.spec().triggers().get(0).authenticationRef().name());

        all(Deployment.class)
                .forEach(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels()));
        all(StatefulSet.class)
                .forEach(s -> assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
                        .containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels()));
    }

    @Test
    void theWorkerScalerReadsTheProcessingQueueOnTheBroker() {
        String cli = text(ROOT.resolve("wildfly-config/src/main/cli/clips.cli"));
        String queues = text(ROOT.resolve("clips-ejb/src/main/java/com/clips/platform/Queues.java"));
        assertThat(cli).contains("jms-queue=clips.processing:add(");
        assertThat(queues).contains("\"java:/jms/queue/clips.processing\"");

        var trigger =
                named(Keda.ScaledObject.class, "clips-worker").spec().triggers().get(0);
        assertThat(trigger.type()).isEqualTo("artemis-queue");
        Keda.checkArtemisMetadata(trigger.metadata());
        assertThat(trigger.metadata())
                .containsEntry("queueName", "clips.processing")
                .containsEntry("brokerAddress", "clips.processing");

        var broker = clipsArtemisEnv();
        String remote = environment(clipsContainer(
                        named(Deployment.class, "clips-api").getSpec().getTemplate()))
                .get("CLIPS_JMS_REMOTE");
        var core = named(Service.class, "clips-artemis").getSpec().getPorts().stream()
                .filter(p -> p.getName().equals("core"))
                .findFirst()
                .orElseThrow();
        assertThat(remote).as("the nodes use the broker's Service").isEqualTo("clips-artemis:" + core.getPort());
        clipsPods()
                .forEach((name, pod) -> assertThat(environment(clipsContainer(pod)))
                        .as(name)
                        .containsEntry("CLIPS_JMS_REMOTE", remote)
                        .containsKeys("CLIPS_JMS_USER", "CLIPS_JMS_PASSWORD"));
        assertThat(broker.get("EXTRA_ARGS"))
                .contains("--name " + trigger.metadata().get("brokerName"))
                .contains("clips.processing:anycast")
                .contains("clips.processing.dlq:anycast");
        String namespace =
                read(BASE.resolve("kustomization.yaml"), Kustomization.class).namespace();
        var console = named(Service.class, "clips-artemis").getSpec().getPorts().stream()
                .filter(p -> p.getName().equals("console"))
                .findFirst()
                .orElseThrow();
        assertThat(trigger.metadata().get("managementEndpoint"))
                .isEqualTo("clips-artemis." + namespace + ".svc:" + console.getPort());
        String properties =
                named(ConfigMap.class, "clips-artemis-broker").getData().get("broker.properties");
        assertThat(properties)
                .contains("addressSettings.\"clips.processing\".deadLetterAddress=clips.processing.dlq")
                .contains("addressSettings.\"clips.processing\".maxDeliveryAttempts=5");
    }

    static Map<String, String> clipsArtemisEnv() {
        return named(StatefulSet.class, "clips-artemis")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void theContainerfileCopiesWhatTheBuildMakes() {
        String containerfile = text(ROOT.resolve("deploy/Containerfile"));
        List<String> copies = Pattern.compile("(?m)^COPY (?:--chown=\\S+ )?(\\S+) (\\S+)$")
                .matcher(containerfile)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(copies)
                .containsExactly(
                        "wildfly-config/target/wildfly",
                        "clips-ear/target/clips.ear",
                        "wildfly-config/target/cli/remote-broker.cli",
                        "deploy/container/entrypoint.sh");
        assertThat(ROOT.resolve("wildfly-config/target/cli/remote-broker.cli")).isRegularFile();
        // the packager of protected clips, from the lock file ./clips installs it from too
        assertThat(containerfile)
                .contains("COPY deploy/packager/package.json deploy/packager/package-lock.json /packager/")
                .contains("install -m 755 node_modules/shaka-packager/bin/packager-linux-x64 /usr/local/bin/packager");
        assertThat(ROOT.resolve("deploy/packager/package-lock.json")).isRegularFile();
        assertThat(ROOT.resolve("wildfly-config/target/wildfly/bin/standalone.sh"))
                .isRegularFile();
        // the EAR is packaged after this module's tests run: its name comes from the POM
        assertThat(text(ROOT.resolve("clips-ear/pom.xml"))).contains("<finalName>clips</finalName>");
        assertThat(ROOT.resolve("deploy/container/entrypoint.sh")).isExecutable();
        assertThat(containerfile).contains("LAUNCH_JBOSS_IN_BACKGROUND=true");
    }

    // ------------------------------------------------------------------------------------------

    static Map<String, PodTemplateSpec> allPods() {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        all(Deployment.class)
                .forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class)
                .forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return pods;
    }

    /** clips.s3.bucket -> CLIPS_S3_BUCKET, as MicroProfile Config maps a key to the environment. */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * What Clips reads: the application's MicroProfile Config keys (as environment names), the
     * {@code ${env.X}} expressions of the server configuration and of annotations, and what the
     * image's entry script reads.
     */
    static Set<String> settingsClipsReads() {
        Set<String> names = new TreeSet<>();
        Pattern configProperty = Pattern.compile("ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
        Pattern optionalValue = Pattern.compile("get(?:Optional)?Value\\(\\s*\"([^\"]+)\"");
        Pattern envExpression = Pattern.compile("\\$\\{env\\.([A-Z0-9_]+)");
        // a setting named by a constant and read through it: getOptionalValue(SETTING, ...)
        Pattern namedSetting = Pattern.compile("static final String ([A-Z_]+) = \"(clips\\.[a-z0-9.-]+)\";");
        for (String module : List.of("clips-ejb", "clips-batch", "clips-web")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String source = text(file);
                    collect(configProperty.matcher(source), names, true);
                    collect(optionalValue.matcher(source), names, true);
                    collect(envExpression.matcher(source), names, false);
                    var constants = namedSetting.matcher(source);
                    while (constants.find()) {
                        if (Pattern.compile("get(?:Optional)?Values?\\(\\s*" + constants.group(1) + "\\b")
                                .matcher(source)
                                .find()) {
                            names.add(environmentName(constants.group(2)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String cli : List.of("clips.cli", "remote-broker.cli")) {
            collect(
                    envExpression.matcher(
                            text(ROOT.resolve("wildfly-config/src/main/cli").resolve(cli))),
                    names,
                    false);
        }
        collect(
                Pattern.compile("\\$\\{?(CLIPS_[A-Z0-9_]+)")
                        .matcher(text(ROOT.resolve("deploy/container/entrypoint.sh"))),
                names,
                false);
        assertThat(names)
                .contains("CLIPS_S3_BUCKET", "CLIPS_DB_URL", "CLIPS_BATCH_THREADS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        return names;
    }

    static void collect(Matcher matcher, Set<String> into, boolean configKey) {
        while (matcher.find()) {
            into.add(configKey ? environmentName(matcher.group(1)) : matcher.group(1));
        }
    }

    /** The keys of the README's configuration table, as environment names. */
    static Set<String> readmeSettings() {
        String readme = text(ROOT.resolve("README.md"));
        String section =
                readme.substring(readme.indexOf("\n## Configuration\n"), readme.indexOf("\n## Architecture\n"));
        Set<String> keys = new TreeSet<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String first = line.split("\\|")[1];
            Matcher key = Pattern.compile("`([^`]+)`").matcher(first);
            while (key.find()) {
                keys.add(environmentName(key.group(1)));
            }
        }
        return keys;
    }

    /** The part of kustomize's Kustomization that deploy/ uses, read just as strictly. */
    record Kustomization(
            String apiVersion,
            String kind,
            String namespace,
            List<String> resources,
            List<Image> images,
            List<Generator> secretGenerator,
            List<Patch> patches) {
        Kustomization {
            resources = resources == null ? List.of() : resources;
            secretGenerator = secretGenerator == null ? List.of() : secretGenerator;
            patches = patches == null ? List.of() : patches;
        }

        record Image(String name, String newName, String newTag) {}

        record Generator(String name, String behavior, List<String> envs, List<String> files) {}

        record Patch(String path) {}
    }
}
