package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

class PolicyServiceStartupTest {

    @TempDir
    Path dir;

    @Test
    void anInvalidBundleFailsStartupWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "rules:\n  - id: x\n    effect: MAYBE\n");
        Throwable failure = catchThrowable(() -> PolicyServiceApplication.builder()
                .properties("spring.main.web-application-type=none")
                .run("--sluice.policy.bundle-path=" + dir).close());
        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).hasMessageStartingWith("bad.yaml:3: effect must be ALLOW, DENY or REQUIRE_APPROVAL");
    }

    @Test
    void loadsABundleFromADirectory() throws Exception {
        Files.writeString(dir.resolve("only.yml"), "rules:\n  - id: deny-everything\n    effect: DENY\n");
        try (ConfigurableApplicationContext context = PolicyServiceApplication.builder()
                .properties("spring.main.web-application-type=none")
                .run("--sluice.policy.bundle-path=" + dir)) {
            assertThat(context.getBean(dev.sluice.policy.bundle.ActivePolicy.class).current().files()).containsExactly("only.yml");
        }
    }
}
