package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Static checks of docker/ (no Docker engine here): the compose file parses and wires every service, and every
 * path the Dockerfile copies or compose bind-mounts exists in the repository.
 */
class DockerFilesTest {

    private static final List<String> SERVICES = List.of(
            "kafka", "kafka-topics", "postgres", "demo-db", "identity-adapter", "policy-service", "recording-service",
            "approval-service", "proxy-service");

    private static final List<String> SLUICE_SERVICES = SERVICES.subList(4, SERVICES.size());

    @Test
    void composeNamesEveryService() throws IOException {
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void sluiceServicesAreBuiltFromTheOneDockerfileForTheirOwnModule() throws IOException {
        Map<String, Object> services = services();
        for (String name : SLUICE_SERVICES) {
            Map<String, Object> build = Yaml.map(services.get(name), "build");
            assertThat(build).as(name).containsEntry("dockerfile", "docker/Dockerfile");
            Path context = RepoPaths.docker().resolve(build.get("context").toString()).normalize();
            assertThat(context).isEqualTo(RepoPaths.root());
            assertThat(Yaml.string(build, "args", "SERVICE")).isEqualTo(name);
            assertThat(context.resolve(name).resolve("pom.xml")).isRegularFile();
            assertThat(context.resolve(name).resolve("src/main/resources/" + name + ".yaml")).isRegularFile();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostPortsMatchStandaloneAndStayOnLoopback() throws IOException {
        Map<String, Object> services = services();
        Map<String, String> expected = Map.of(
                "proxy-service", "127.0.0.1:15432:15432",
                "demo-db", "127.0.0.1:15433:5432",
                "approval-service", "127.0.0.1:8080:8080",
                "policy-service", "127.0.0.1:8081:8081",
                "recording-service", "127.0.0.1:8082:8082",
                "identity-adapter", "127.0.0.1:8083:8083");
        expected.forEach((name, port) -> assertThat((List<Object>) Yaml.at(services.get(name), "ports")).as(name).contains(port));
        services.forEach((name, service) -> assertThat(Yaml.at(service, "ports") instanceof List<?> ports ? ports : List.of())
                .as(name).allSatisfy(port -> assertThat(port.toString()).startsWith("127.0.0.1:")));
        assertThat(Yaml.string(services.get("identity-adapter"), "environment", "SLUICE_IDENTITY_DEV_ENABLED")).isEqualTo("true");
    }

    @Test
    void createsTheSessionAuditAndAlertTopicsBeforeTheServicesThatUseThem() throws IOException {
        Map<String, Object> services = services();
        String script = Yaml.at(services.get("kafka-topics"), "command").toString();
        assertThat(script).contains("sluice.sessions", "sluice.audit", "sluice.alerts", "--if-not-exists");
        for (String service : List.of("proxy-service", "recording-service")) {
            assertThat(Yaml.string(services.get(service), "depends_on", "kafka-topics", "condition"))
                    .as(service).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void theProxySpoolsEventsOnANamedVolumeTheImageLetsItWrite() throws IOException {
        Map<String, Object> proxy = Yaml.map(services().get("proxy-service"));
        assertThat(Yaml.string(proxy, "environment", "SLUICE_PROXY_EVENTS_SPOOL_DIRECTORY"))
                .isEqualTo("/var/lib/sluice/spool");
        assertThat(Yaml.at(proxy, "volumes").toString()).contains("proxy-spool:/var/lib/sluice/spool");
        assertThat(Files.readString(RepoPaths.docker().resolve("Dockerfile")))
                .contains("chown -R sluice:sluice /var/lib/sluice");
    }

    @Test
    void theReplayUiSignsInWithAClientIdentityAdapterKnows() throws IOException {
        Map<String, Object> services = services();
        assertThat(Yaml.string(services.get("recording-service"), "environment", "SLUICE_RECORDING_UI_CLIENT_SECRET"))
                .isEqualTo(Yaml.string(services.get("identity-adapter"), "environment",
                        "SLUICE_RECORDING_UI_CLIENT_SECRET"));
        assertThat(Files.readString(RepoPaths.docker().resolve("config/identity-adapter.yaml")))
                .contains("sluice-recording-ui", "http://127.0.0.1:8082/login/oauth2/code/sluice");
        assertThat(Files.readString(RepoPaths.docker().resolve("config/recording-service.yaml")))
                .contains("authorization-uri: http://127.0.0.1:8083/oauth2/authorize");
    }

    @Test
    void everyBindMountedHostPathExists() throws IOException {
        List<String> checked = new ArrayList<>();
        services().forEach((name, service) -> {
            for (Object volume : Yaml.at(service, "volumes") instanceof List<?> list ? list : List.of()) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(RepoPaths.docker().resolve(source).normalize()).as("%s mounts %s", name, source).exists();
                    checked.add(source);
                }
            }
        });
        assertThat(checked).contains("../standalone/src/main/resources/demo", "./postgres", "./config");
        try (Stream<Path> demo = Files.list(RepoPaths.root().resolve("standalone/src/main/resources/demo"))) {
            assertThat(demo.map(path -> path.getFileName().toString())).anyMatch(file -> file.endsWith(".sql"));
        }
    }

    @Test
    void everyDockerfileCopySourceExists() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String instruction : instructions(RepoPaths.docker().resolve("Dockerfile"))) {
            String[] words = instruction.trim().split("\\s+");
            String keyword = words[0].toUpperCase(java.util.Locale.ROOT);
            if (!keyword.equals("COPY") && !keyword.equals("ADD")) {
                continue;
            }
            List<String> arguments = Arrays.stream(words).skip(1).toList();
            if (arguments.stream().anyMatch(argument -> argument.startsWith("--from="))) {
                continue; // copies between stages, not from the build context
            }
            List<String> paths = arguments.stream().filter(argument -> !argument.startsWith("--")).toList();
            for (String source : paths.subList(0, paths.size() - 1)) {
                assertThat(RepoPaths.root().resolve(source)).as("COPY source %s", source).exists();
                sources.add(source);
            }
        }
        assertThat(sources).contains("mvnw", "pom.xml", "docker/HealthCheck.java", "proxy-service/");
    }

    @Test
    void dockerfileCopiesEveryModuleTheParentPomLists() throws IOException {
        String dockerfile = Files.readString(RepoPaths.docker().resolve("Dockerfile"));
        String parent = Files.readString(RepoPaths.root().resolve("pom.xml"));
        var modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        int count = 0;
        while (modules.find()) {
            // Maven reads every listed module's pom even for -pl builds, so a missing one breaks the image build.
            assertThat(dockerfile).contains("COPY " + modules.group(1) + "/ " + modules.group(1) + "/");
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(8);
        assertThat(dockerfile).contains("ARG SERVICE=", "-pl \"${SERVICE}\" -am", "USER 10001", "HEALTHCHECK", "EXPOSE");
    }

    private static Map<String, Object> services() throws IOException {
        var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> compose = Yaml.map(yaml.load(Files.readString(RepoPaths.docker().resolve("compose.yaml"))));
        return Yaml.map(compose, "services");
    }

    /** Dockerfile instructions with line continuations joined and comments dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            instructions.add(current.append(trimmed).toString());
            current.setLength(0);
        }
        return instructions;
    }
}
